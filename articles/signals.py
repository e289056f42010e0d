"""Signals other apps listen to; articles itself knows nothing of its listeners."""

from django.dispatch import Signal

# Sent with ``article`` once an article's text and tags are saved and its search
# document is final (admin, importer and seed all write through
# ``services.article_create`` / ``article_update``, which send it); ``created=True``
# when the article is new (it has nothing derived from it yet).
article_text_saved = Signal()

# Sent with ``articles`` (a list) once new articles inserted together are saved with
# their tags (an import's batch: one INSERT for its new articles), in place of
# ``article_text_saved`` with ``created=True`` for each, so a listener can write what
# follows from them together too.
articles_created = Signal()
