"""Settings shared by every mode.

This is the one place that reads the environment; dev, test and prod only
choose defaults and checks on top of it. Every variable is listed in
``.env.example``.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- read from the environment (the only place) ------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
CACHE_URL = env.str("CACHE_URL", default="")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
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
    "exhibition",
    "articles",
    "booths",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Page cache and its neighbours, outermost first (see "cache" below).
    "exhibition.pagecache.PublicGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "exhibition.catalogs.CatalogReloadMiddleware",
    "exhibition.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "exhibition.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

# --- security headers that hold in every mode -----------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

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
PAGE_CACHE_TTL = 10 * 60
PAGE_CACHE_SEARCH_TTL = 60
# What browsers and proxies (a CDN) may reuse without asking; they cannot be told of a
# change, so a change reaches them within this. After it they revalidate (ETag, 304).
PAGE_MAX_AGE = 60
# Middleware order the page cache relies on, outermost first: GZip (compresses only
# pages marked public), ConditionalGet (304 for cached pages too), CatalogReload (a
# translation saved elsewhere starts a new generation before the lookup), PageCache,
# then Session and the rest (so it sees every cookie they set). Header-only middleware
# such as CSP belongs outside PageCache, so a cached page gets its header afresh.

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
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # hazm imports gensim, which announces itself at INFO.
    "loggers": {"gensim": {"level": "WARNING"}},
}

LOGIN_URL = "admin:login"
ROSETTA_ACCESS_CONTROL_FUNCTION = "exhibition.access.can_translate"
