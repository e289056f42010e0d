"""Signals other apps listen to; articles itself knows nothing of its listeners."""

from django.dispatch import Signal

# Sent with ``article`` once an article's text and tags are saved and its search
# document is final (admin, importer and seed all write through
# ``services.article_create`` / ``article_update``, which send it); ``created=True``
# when the article is new (it has nothing derived from it yet).
article_text_saved = Signal()
