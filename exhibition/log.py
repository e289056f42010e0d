"""Logging helpers named in settings.LOGGING."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep the message, drop the traceback: for expected refusals logged at ERROR
    by Django (a disallowed Host header), where the stack says nothing new."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
