import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exhibition.settings.prod")

application = get_wsgi_application()

# Saving text loads hazm (~1 s, ~150 MB); pay it once at start-up, not in a request.
from exhibition import persian  # noqa: E402

persian.preload()
