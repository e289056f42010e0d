"""Signals other apps listen to; articles itself knows nothing of its listeners."""

from django.dispatch import Signal

# Sent with ``article`` once an article's text and tags are saved and its search
# document is final (admin, services and importer all end in
# ``services.article_refresh_search_document``); ``created=True`` when the article
# is new (it has nothing derived from it yet).
article_text_saved = Signal()
