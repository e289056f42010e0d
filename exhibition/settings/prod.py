"""Production: no default secret, and it says so loudly."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHE_URL, DEBUG, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if not CACHE_URL:
    # Several workers need one cache (Rosetta keeps translators' work there); a
    # single-process deployment says so with CACHE_URL=locmemcache://
    raise ImproperlyConfigured("CACHE_URL must be set in the environment for production.")
if DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on in production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
