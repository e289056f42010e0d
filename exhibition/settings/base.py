"""Settings shared by every mode.

This is the one place that reads the environment; dev, test and prod only
choose defaults and checks on top of it. Every variable is listed in
``.env.example``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.http.request import split_domain_port
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- read from the environment (the only place) ------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
# The port the server listens on (make run / make serve); loopback names with it are
# allowed by default, so a direct try of `make serve` is not refused for its Host port.
PORT = env.int("PORT", default=8000)
_LOOPBACK = ["localhost", "127.0.0.1", "[::1]"]
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[*_LOOPBACK, *(f"{host}:{PORT}" for host in _LOOPBACK)]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
CACHE_URL = env.str("CACHE_URL", default="")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
ADMIN_PATH = env.str("ADMIN_PATH", default="admin/").strip("/") + "/"
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Deployment (docs/deployment.md): a read replica, and where files live on disk.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or BASE_DIR / "var" / "static")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or BASE_DIR / "var" / "media")
# The largest image staff may upload (articles/images.py); nginx's client_max_body_size
# (20m in deploy/nginx.conf) must allow it.
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_MB", default=10) * 1024 * 1024
# Security (docs/security.md): a TLS proxy's X-Forwarded-Proto is believed only when
# this says so; HSTS settings take effect in production.
TRUST_X_FORWARDED_PROTO = env.bool("TRUST_X_FORWARDED_PROTO", default=False)
HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600)
HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Caching (docs/caching.md): 0 switches the anonymous page cache off.
PAGE_CACHE_TTL = env.int("PAGE_CACHE_TTL", default=10 * 60)
# -----------------------------------------------------------------------------

DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3; connections are reused across requests and checked before use.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Write-ahead log: readers are not blocked by a write, and a commit appends to the
    # log instead of creating, syncing and deleting a rollback journal (an import
    # commits once per file). NORMAL sync in WAL mode cannot corrupt the database; a
    # power cut may lose the last commits, which re-running an import restores.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )

if DATABASE_REPLICA_URL:
    # Reads outside transactions go to the replica (exhibition/db_routers.py).
    DATABASES["replica"] = {
        **environ.Env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["exhibition.db_routers.ReplicaRouter"]

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rosetta",
    "simple_history",
    # The article body's rich-text editor: its bundle is served from static/ like ours.
    "django_prose_editor",
    "imagekit",
    "exhibition",
    "articles",
    "booths",
    "programme",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security headers (outside every middleware that may answer early, so its
    # responses get them too; a page served from the cache gets them fresh), then the
    # exact host before anything builds a URL or serves a cached page.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "exhibition.middleware.PermissionsPolicyMiddleware",
    "exhibition.middleware.ExactHostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "exhibition.middleware.DropNulCookiesMiddleware",  # before anything reads a cookie
    # Page cache and its neighbours, outermost first (see "cache" below).
    "exhibition.pagecache.PublicGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "exhibition.catalogs.CatalogReloadMiddleware",
    "exhibition.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "exhibition.middleware.RejectNulMiddleware",
    "exhibition.middleware.DatabaseUnavailableMiddleware",  # after Locale: a translated 503
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: each revision records the staff member who saved it.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "exhibition.urls"
WSGI_APPLICATION = "exhibition.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- languages ----------------------------------------------------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content fields get a Persian and an English column (field_fa, field_en).
MODELTRANSLATION_DEFAULT_LANGUAGE = "fa"
MODELTRANSLATION_LANGUAGES = ("fa", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fa",)}
USE_I18N = True
TIME_ZONE = "Asia/Tehran"
USE_TZ = True

# --- static files: hashed and compressed by whitenoise, in development too -----
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# An upload with more pixels is refused before it is decoded (a decompression bomb: a
# small file that would take gigabytes of memory); 50 megapixels fits any camera's photo.
IMAGE_MAX_PIXELS = 50_000_000
# Image renditions (articles/images.py) are made when an image is saved (and by
# `manage.py make_renditions`), under MEDIA_ROOT/CACHE/images/, never during a page's
# request: a gallery's first view made dozens and could outlast the worker's timeout.
# Whether one exists is remembered in the cache for a day (not for ever: a restored
# media folder is looked at again); a page shows the original while one is missing.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_CACHE_TIMEOUT = 24 * 60 * 60
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

# --- security headers and hosts, in every mode (docs/security.md) -------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if TRUST_X_FORWARDED_PROTO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe over plain HTTP (when SECURE_SSL_REDIRECT is on).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CSRF_FAILURE_VIEW = "exhibition.views.csrf_failure"
# No inline script or style anywhere: the site, the admin and Rosetta load theirs from static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        # The web app's manifest and service worker (/sw.js) are the site's own
        # (they fall back to default-src/script-src anyway; said here explicitly).
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# interest-cohort: no ad-interest grouping (FLoC); browsers that no longer know it ignore it.
PERMISSIONS_POLICY = ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]
# Django matches ALLOWED_HOSTS by name only; an entry may name a port
# ("expo.example.ir:8443"), and exhibition.middleware.ExactHostMiddleware refuses
# a port no entry names. Dev and test servers pick their ports, so they turn it off.
ALLOWED_HOSTS_EXACT = ALLOWED_HOSTS
ALLOWED_HOSTS = [split_domain_port(host)[0] or host for host in ALLOWED_HOSTS_EXACT]
HOST_PORT_MUST_MATCH = True

# --- cache: shared (Redis in production), and the anonymous pages kept in it ---------
# CACHE_URL=rediscache://host:6379/0 gives Django's RedisCache; ours only adds that Redis
# being down is a miss, not a 500 (exhibition/cache.py). Without CACHE_URL each process
# keeps its own (locmem), which is enough for one process (make run, tests).
CACHES = {"default": environ.Env.cache_url_config(CACHE_URL or "locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "exhibition.cache.ResilientRedisCache"
# exhibition/pagecache.py: anonymous pages are kept whole until their content changes
# (exactly: every change starts a new generation), at most this long; search results,
# whose addresses are unbounded, for less.
PAGE_CACHE_SEARCH_TTL = min(60, PAGE_CACHE_TTL)
# What browsers and proxies (a CDN) may reuse without asking; they cannot be told of a
# change, so a change reaches them within this. After it they revalidate (ETag, 304).
PAGE_MAX_AGE = 60
# Middleware order the page cache relies on, outermost first: GZip (compresses only
# pages marked public), ConditionalGet (304 for cached pages too), CatalogReload (a
# translation saved elsewhere starts a new generation before the lookup), PageCache,
# then Session and the rest (so it sees every cookie they set). Header-only middleware
# such as CSP belongs outside PageCache, so a cached page gets its header afresh.

# --- revisions (django-simple-history) ---------------------------------------------
# The reason a revision records is a correction's note for readers: any length.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- translators ------------------------------------------------------------------
ROSETTA_MESSAGES_PER_PAGE = 25
ROSETTA_SHOW_AT_ADMIN_PANEL = True
ROSETTA_EXCLUDED_APPLICATIONS = ["django.contrib.admin", "rosetta"]
# A translator's work in progress lives in the shared cache, so any worker can take
# the next request.
ROSETTA_STORAGE_CLASS = "rosetta.storage.CacheRosettaStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback": {"()": "exhibition.log.WithoutTraceback"}},
    "formatters": {"one_line": {"format": "{levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "one_line": {
            "class": "logging.StreamHandler",
            "formatter": "one_line",
            "filters": ["no_traceback"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # hazm imports gensim, which announces itself at INFO.
        "gensim": {"level": "WARNING"},
        # Scanners send other Host headers all day: one line each, not a traceback.
        "django.security.DisallowedHost": {"handlers": ["one_line"], "propagate": False},
    },
}

LOGIN_URL = "admin:login"

ROSETTA_ACCESS_CONTROL_FUNCTION = "exhibition.access.can_translate"
# Rosetta sends a visitor it refuses here, not to the admin's login (ADMIN_PATH may be
# kept private; translators log in through the admin first).
ROSETTA_LOGIN_URL = "/"

# --- admin path and login protection (django-axes) ---------------------------------
if ADMIN_PATH == "/":
    raise ImproperlyConfigured("ADMIN_PATH must name a path, e.g. admin/ or staff-4k9/.")
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
INSTALLED_APPS += ["exhibition.apps.LoginProtectionConfig"]  # django-axes
# Last: it turns the login view's response into the lockout page.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
# Each address and each user name on its own: guessing many passwords for one account
# from many addresses is stopped, and so is one address trying many accounts.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_CALLABLE = "exhibition.views.login_locked_out"
# The client address: REMOTE_ADDR, unless TRUSTED_PROXY_COUNT reverse proxies stand in
# front, each appending the address it saw to X-Forwarded-For; the client is then that
# many entries from the right (entries further left are whatever the client sent).
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1  # the last proxy is REMOTE_ADDR
    IPWARE_STRICT = False  # a client's own X-Forwarded-For entries are ignored, not fatal
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # failures and lockouts, not each check
