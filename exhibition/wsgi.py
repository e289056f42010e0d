import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exhibition.settings.prod")

application = get_wsgi_application()

# Saving text loads hazm (~1 s, ~150 MB); pay it once at start-up, not in a request.
from exhibition import persian  # noqa: E402

persian.preload()
# Search keys read hazm's word list (~30 MB, built into lexicon.txt.gz): load it before
# gunicorn forks (preload_app), so the workers share it instead of each reading it.
from exhibition.persian import lexicon  # noqa: E402

lexicon.lexicon()
