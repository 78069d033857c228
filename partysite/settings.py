"""Settings for partysite, read from the environment.

Development needs no variable at all. ``DJANGO_ENV=production`` requires
``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and ``DATABASE_URL`` and stops
the start with one sentence naming what is missing (no traceback wall).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PARTYSITE_VAR_DIR", BASE_DIR / "var"))

ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
PRODUCTION = ENV == "production"


def stop(sentence: str) -> None:
    """Stop the process with one readable sentence instead of a traceback."""
    sys.stderr.write(f"partysite: {sentence}\n")
    raise SystemExit(2)


def env_required(name: str, default: str = "") -> str:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if PRODUCTION:
        stop(f"Thiếu biến môi trường {name}: hãy đặt {name} trước khi chạy với DJANGO_ENV=production.")
    return default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env_required("DJANGO_SECRET_KEY", "dev-only-insecure-key-partysite-not-for-production")
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = (
    env_list("DJANGO_ALLOWED_HOSTS")
    if PRODUCTION
    else (env_list("DJANGO_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "testserver", "[::1]"])
)
if PRODUCTION and not ALLOWED_HOSTS:
    stop("Thiếu biến môi trường DJANGO_ALLOWED_HOSTS: hãy đặt tên miền của trang, cách nhau bằng dấu phẩy.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A refused form gets a Vietnamese page that says what to do (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "core.http.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_ckeditor_5",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "news",
    "members",
    "awards",
    "documents",
    "demo",  # demo content and the bench's data: manage.py seed_demo, bench_data
]

MIDDLEWARE = [
    # First: TRACE echoes headers and cookies back; no page, cached or not, may answer it.
    "core.http.RefuseTraceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every answer and 304 when the browser's copy is current (cached pages included).
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions: a cached page costs no session, database or template (core/cache.py).
    "core.cache.PageCacheMiddleware",
    "partysite.middleware.ErrorPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "partysite.middleware.SecurityHeadersMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it inspects the response of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partysite.urls"
WSGI_APPLICATION = "partysite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partysite.context_processors.site",
                "news.context_processors.menu",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
_database_url = env_required("DATABASE_URL")
if _database_url:
    import dj_database_url

    try:
        _db = dj_database_url.parse(_database_url, conn_max_age=600 if PRODUCTION else 0, conn_health_checks=True)
    except Exception:  # dj_database_url raises several kinds of errors for a malformed URL
        stop(
            "DATABASE_URL không hợp lệ: dùng dạng postgres://người_dùng:mật_khẩu@máy:5432/tên_csdl "
            "hoặc sqlite:////đường/dẫn/db.sqlite3."
        )
    if not _db.get("ENGINE"):
        stop("DATABASE_URL không hợp lệ: không nhận ra loại cơ sở dữ liệu.")
    DATABASES = {"default": _db}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Vietnamese syllables such as "an", "to", "do" are English stop words: never use `english`.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c default_text_search_config=pg_catalog.simple"

# --- Cache ----------------------------------------------------------------
# Redis in production (shared by every app server: page cache, its content version, sessions'
# neighbours); per-process local memory by default. CACHE_KEY_PREFIX keeps several sites or
# test runs apart on one Redis.
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url:
    CACHES = {
        "default": {
            # Django's RedisCache, answering as an empty cache while Redis is down or hung.
            "BACKEND": "core.redis_cache.ResilientRedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "partysite"),
            # Without these redis-py waits for the OS's TCP timeouts (minutes) on a hung Redis.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "partysite",
        }
    }
# Whole pages live in each worker's memory (a hit then costs no network round trip); what keeps
# them correct, the content version, lives in "default" (Redis) or in a file (core/cache.py).
# Pages of 20-60 KB: 1000 of them per worker stays well under 100 MB.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "partysite-pages",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PARTYSITE_PAGE_CACHE_ENTRIES", 1000))},
}

# Full-page cache for anonymous visitors (core/cache.py). PARTYSITE_PAGE_CACHE=0 turns it
# off (the benchmark measures both); entries also expire at the next scheduled article.
PAGE_CACHE_ENABLED = env_bool("PARTYSITE_PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PARTYSITE_PAGE_CACHE_SECONDS", 600))
PAGE_CACHE_EXCLUDED_PREFIXES = ("/quan-tri/", "/ckeditor5/", "/static/", "/media/", "/bench/")
# Article readings are written to Article.view_count this often (news/view_counts.py).
PAGE_VIEW_FLUSH_SECONDS = int(os.environ.get("PARTYSITE_VIEW_FLUSH_SECONDS", 10))
# /bench/trivial/ (the benchmark's ceiling) exists only when PARTYSITE_BENCH=1.
PARTYSITE_BENCH = env_bool("PARTYSITE_BENCH", False)

# --- Auth and sessions ------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# A working day of inactivity ends the session.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True

# How many reverse proxies we run in front of the app (nginx: 1). The visitor's address is read
# from X-Forwarded-For exactly this many hops from the right; 0 ignores the header (a client
# could write anything there). See core.audit.client_ip_address and docs/deploy.md.
PROXY_COUNT = max(0, int(os.environ.get("DJANGO_PROXY_COUNT", "0") or 0))

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Lock the pair (address, username), never the username alone: failures from one address must
# not keep the real person out from theirs (issue 12.3).
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
# A failure during a lockout does not restart the 15 minutes (axes refuses it before checking
# the password, so it costs nothing to not extend).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "partysite/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.audit.client_ip_address"

# --- Access log retention ------------------------------------------------------
# DataAccessLog rows older than this many years are deleted by `manage.py prune_access_log`
# (run it nightly; docs/deploy.md). Stated on the personal-data page.
DATA_ACCESS_LOG_RETENTION_YEARS = int(os.environ.get("PARTYSITE_ACCESS_LOG_YEARS", "5") or 5)

# --- Spreadsheets --------------------------------------------------------------
# django-import-export's own escaping strips one leading "=" and turns every cell into str()
# (empty cells become "None", dates text), and ignores "+", "-", "@". Our exports keep each
# value exactly and store formula-like text as text instead (core.spreadsheets,
# AuditedAdminMixin.get_export_data), which a test checks on every workbook we produce.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# --- Language, time, formats ------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["partysite.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Writes to a temporary file and renames it: a full disk never leaves half a file.
    "default": {"BACKEND": "core.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60 if PRODUCTION else 0
# Files uploaded by staff must never be run by a browser; see core.uploads.
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Upload limits shared by every upload path (core.uploads).
UPLOAD_MAX_BYTES = int(os.environ.get("PARTYSITE_UPLOAD_MAX_BYTES", 8 * 1024 * 1024))
UPLOAD_MAX_PIXELS = int(os.environ.get("PARTYSITE_UPLOAD_MAX_PIXELS", 40_000_000))
# Files of the documents library (PDF, DOC, DOCX, XLSX): a scanned resolution runs to a few MB.
DOCUMENT_UPLOAD_MAX_BYTES = int(os.environ.get("PARTYSITE_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024))

# --- Member import (members.importing) and background tasks ---------------------
# Refused before parsing: bytes uploaded, rows, and what an .xlsx (a zip) unpacks to.
PARTYSITE_IMPORT_MAX_BYTES = int(os.environ.get("PARTYSITE_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
PARTYSITE_IMPORT_MAX_ROWS = int(os.environ.get("PARTYSITE_IMPORT_MAX_ROWS", 30_000))
PARTYSITE_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("PARTYSITE_IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024))
# Files with more data rows than this are imported by the background worker, with a progress page.
PARTYSITE_IMPORT_BACKGROUND_ROWS = int(os.environ.get("PARTYSITE_IMPORT_BACKGROUND_ROWS", 300))
# A previewed file never confirmed is deleted after this many seconds.
PARTYSITE_IMPORT_TMP_MAX_AGE = int(os.environ.get("PARTYSITE_IMPORT_TMP_MAX_AGE", 2 * 60 * 60))
# The file waits in VAR_DIR/private/imports under a random name (never a path in a form).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "members.importing.PrivateImportStorage"
# django-tasks (Django 6's task API, backported). Production: the database backend and
# `manage.py db_worker` (docs/deploy.md); development and tests run tasks in-process unless
# PARTYSITE_TASKS_BACKEND=database.
_tasks_backend = os.environ.get("PARTYSITE_TASKS_BACKEND", "database" if PRODUCTION else "immediate")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if _tasks_backend == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# --- Rich text editor (CKEditor 5) ------------------------------------------
CKEDITOR_5_FILE_STORAGE = "core.uploads.EditorImageStorage"
CKEDITOR_5_MAX_FILE_SIZE = UPLOAD_MAX_BYTES // (1024 * 1024)
CKEDITOR_5_ALLOW_ALL_FILE_TYPES = False
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp", "gif"]
CKEDITOR_5_USER_LANGUAGE = False
# The editing area styled like the public article (headings, lists, quotes, captions).
CKEDITOR_5_CUSTOM_CSS = "css/editor-content.css"
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "vi",
        # These plugins load with the bundle whatever the toolbar says; they pass raw HTML or
        # replace the data processor (without Markdown, removing FullPage alone saves Markdown and
        # loses captions), so all four are removed.
        "removePlugins": ["HtmlEmbed", "MediaEmbed", "FullPage", "Markdown"],
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "insertTable",
                "imageUpload",
                "|",
                "undo",
                "redo",
            ],
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Tiêu đề 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Tiêu đề 3", "class": "ck-heading_heading3"},
            ]
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignCenter",
                "imageStyle:alignRight",
            ],
            "styles": ["alignLeft", "alignCenter", "alignRight"],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "link": {"addTargetToExternalLinks": False},
    },
}

# --- Security headers ---------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Stored image widths and the editor's resize handles use style attributes.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        # Only when a reverse proxy terminates TLS and always sets this header itself.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging: errors to stderr, never member data in messages ---------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

ADMIN_URL_PREFIX = "quan-tri/"
