"""Production: no default secret, and it says so loudly."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    CACHE_URL,
    DEBUG,
    HSTS_INCLUDE_SUBDOMAINS,
    HSTS_PRELOAD,
    HSTS_SECONDS,
    SECRET_KEY,
)

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if not CACHE_URL:
    # Several workers need one cache (Rosetta keeps translators' work there); a
    # single-process deployment says so with CACHE_URL=locmemcache://
    raise ImproperlyConfigured("CACHE_URL must be set in the environment for production.")
if DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on in production.")

# --- HTTPS only (docs/security.md) ---------------------------------------------------
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS starts short (an hour by default): a mistake in the TLS setup locks browsers
# out only that long. Raise SECURE_HSTS_SECONDS to 31536000 once HTTPS is proven.
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = HSTS_INCLUDE_SUBDOMAINS
SECURE_HSTS_PRELOAD = HSTS_PRELOAD
# Subdomains and the browsers' preload list are the domain owner's choice, opted in
# through the environment; until then check --deploy need not remind us.
SILENCED_SYSTEM_CHECKS = [
    *([] if HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if HSTS_PRELOAD else ["security.W021"]),
]
