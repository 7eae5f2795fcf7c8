"""Guildhall settings: one module, every machine-specific value from the environment.

See README.md ("Environment") for the variables. Defaults give the embedded set-up:
SQLite in WAL mode, Huey on SQLite, local-memory cache, mail written to files.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ---- CORE
# LOCAL_PREVIEW (`make run`): the site as its members see it, on a laptop over plain
# HTTP — DEBUG off, so the site's own error pages; whitenoise serves static files from
# the source folders (no collectstatic); a secret key kept in var/. `make dev` keeps DEBUG.
LOCAL_PREVIEW = env_bool("LOCAL_PREVIEW", False)
DEBUG = env_bool("DEBUG", not LOCAL_PREVIEW)
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY and LOCAL_PREVIEW:
    _key_file = VAR_DIR / "secret_key"
    if not _key_file.exists():
        import secrets

        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
_LOCAL_HOSTS = "127.0.0.1,localhost,testserver"
if LOCAL_PREVIEW and os.environ.get("HOST", "").strip():
    _LOCAL_HOSTS += "," + os.environ["HOST"].strip()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", _LOCAL_HOSTS if DEBUG or LOCAL_PREVIEW else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"
ASGI_APPLICATION = "site_config.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1
SITE_NAME = "Guildhall"
# Where the site is served, for absolute links in mails (site_config.siteurl): inside a
# request the request's origin; outside one (Huey tasks) SITE_URL_DERIVED, from the
# HOST/PORT that `make run` serves on. A SITE_URL set in the environment always wins.
_SERVE_HOST = os.environ.get("HOST", "").strip() or "127.0.0.1"
if _SERVE_HOST in {"0.0.0.0", "::", "[::]"}:  # noqa: S104 - listening everywhere: link here
    _SERVE_HOST = "127.0.0.1"
SITE_URL_DERIVED = f"http://{_SERVE_HOST}:{os.environ.get('PORT', '').strip() or '8000'}"
SITE_URL = (os.environ.get("SITE_URL", "").strip() or SITE_URL_DERIVED).rstrip("/")

# `make bench` runs the site with this on: /bench/baseline/ and a query-count header.
BENCH = env_bool("BENCH", False)

# ---- APPS
DJANGO_APPS = [
    # daphne first: its runserver serves HTTP and WebSockets in one process.
    # https://channels.readthedocs.io/en/stable/installation.html
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_tailwind",
    "django_tables2",
    "tinymce",
    "phonenumber_field",
    "huey.contrib.djhuey",
    "rules",
    "channels",
    "csp",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
LOCAL_APPS = [
    "site_config",
    "accounts",
    "board",
    "internships",
    "learning",
    "community",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# ---- MIDDLEWARE
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "site_config.cache.request_memo",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "site_config.siteurl.SiteUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "site_config.ratelimit.password_delay_middleware",
    "site_config.middleware.malformed_htmx_headers",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.mfa.staff_mfa_required",
]

if BENCH:
    MIDDLEWARE.insert(0, "site_config.bench.BenchQueryCountMiddleware")

# ---- TEMPLATES
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "site_config.context_processors.site",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]
# django-template-partials wraps the loaders itself when APP_DIRS is on:
# https://github.com/carltongibson/django-template-partials#installation

# ---- DATABASE
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers wait (busy timeout) instead of failing with "database is locked".
    # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
        ),
    }
    # A file (not :memory:) so live_server threads share it; TEST_DB_NAME lets test runs
    # side by side keep apart.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / os.environ.get("TEST_DB_NAME", "test.sqlite3"))
    }
else:
    # Named explicitly (Django's default name): a child process that serves the test
    # database (channels' live server) reads TEST.NAME and would otherwise prefix "test_"
    # to the already-renamed NAME.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_DB_NAME") or f"test_{DATABASES['default']['NAME']}"
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# ---- CACHE AND QUEUE
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, one client per connection pool (site_config/cache_backends.py)
            "BACKEND": "site_config.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "guildhall"),
        }
    }
    # Sessions read from Redis, written through to the database (they survive a flush).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered fragments (cards, the nav) in each process's memory: their keys carry the data
# versions (read from the default cache once per request), so a write elsewhere changes the
# key at once; no network round trip per fragment.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("HUEY_NAME", "guildhall"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "guildhall",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# ---- REAL-TIME (Channels)
# In-memory inside one process (make run, tests); Redis fans events out across processes
# and machines. https://channels.readthedocs.io/en/stable/topics/channel_layers.html
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": os.environ.get("CACHE_PREFIX", "guildhall") + ":asgi",
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# The browser falls back to polling the same partials when the socket is down.
REALTIME_POLL_SECONDS = int(os.environ.get("REALTIME_POLL_SECONDS", "5"))

# ---- AUTH
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Object permissions from each app's permissions.py (`rules`), then the usual ones.
    "rules.permissions.ObjectPermissionBackend",
    # The same two with the session's user read from memory (accounts/backends.py); the
    # originals stay listed after them so that sessions made before still resolve.
    "accounts.backends.CachedModelBackend",
    "accounts.backends.CachedAuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# ---- ALLAUTH
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
# allauth's forms render through crispy like the rest; adjusted ones live here.
ACCOUNT_FORMS = {"confirm_email_verification_code": "accounts.allauth_forms.ConfirmCodeForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 600
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Guildhall] "
# allauth's rate limits stay on; they count in the cache above. The per-account lockout
# (5 failures from anywhere lock the account) is replaced by site_config.ratelimit's
# progressive delay per account *and client*, which a stranger cannot turn against the
# owner; the per-IP limit across accounts stays.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
PASSWORD_FREE_FAILURES = int(os.environ.get("PASSWORD_FREE_FAILURES", "3"))
PASSWORD_MAX_DELAY = int(os.environ.get("PASSWORD_MAX_DELAY", str(15 * 60)))
# How many proxies in front of the site append to X-Forwarded-For (behind one nginx: 1).
# Left at 0 behind a proxy, every visitor has the proxy's IP. Read by
# site_config.ratelimit.client_ip, allauth's limits and the API's throttles.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# ---- TWO-FACTOR (allauth.mfa)
# TOTP apps and recovery codes under /accounts/2fa/ for every member; with
# STAFF_REQUIRE_MFA on, staff cannot use the admin until they turned it on.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", False)

# ---- I18N
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "RU"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

# ---- STATIC AND MEDIA
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# "/media/" by default; "https://media.example.com/" when a separate domain serves uploads
# (docs/deploy.md): user files then never run with the site's cookies or origin.
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or LOCAL_PREVIEW
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The local preview serves static files straight from the finders (source folders).
WHITENOISE_USE_FINDERS = DEBUG or LOCAL_PREVIEW
WHITENOISE_AUTOREFRESH = DEBUG or LOCAL_PREVIEW
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)  # off when a proxy serves /media/
# Folders of MEDIA_ROOT that hold private files (course materials, students' work): only
# permission-checked download views hand them out; /media/ refuses them (Django's route
# here, the proxy's in deploy/nginx.conf).
PRIVATE_MEDIA_PREFIXES = ("learning/materials/", "learning/submissions/")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Per user (site_config.uploads): the space all their files may take, how many files a
# minute, and how long an upload no content references is kept before the hourly cleanup.
UPLOAD_QUOTA_MB = int(os.environ.get("UPLOAD_QUOTA_MB", "500"))
UPLOAD_RATE_LIMIT = int(os.environ.get("UPLOAD_RATE_LIMIT", "20"))
UPLOAD_RATE_WINDOW = int(os.environ.get("UPLOAD_RATE_WINDOW", "60"))  # seconds
UPLOAD_ORPHAN_HOURS = int(os.environ.get("UPLOAD_ORPHAN_HOURS", "24"))

# ---- EMAIL
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Guildhall <noreply@guildhall.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---- SECURITY
_HTTPS = not DEBUG and not LOCAL_PREVIEW  # the local preview is plain HTTP
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", _HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if _HTTPS else "0"))
# Both bind every subdomain (and, once on the browsers' preload list, for months): an
# operator opts in, knowing all subdomains speak HTTPS. https://hstspreload.org/
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# `check --deploy` would nag about both being off: they are off on purpose until opted in.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # TinyMCE 7 edits in an about:blank iframe, not a framed page
# /healthz answers load balancers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp 4): scripts only from our own static files (no
# inline scripts, no on…= handlers, no eval), images only from the site and its media
# (the sanitizer drops remote images), frames only from the allowed video players.
# Styles may be inline: TinyMCE and htmx set style attributes.
# https://django-csp.readthedocs.io/en/latest/configuration.html
_MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "//" in MEDIA_URL else ""
CONTENT_SECURITY_POLICY = {
    "REPORT_ONLY": False,
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [
            SELF,
            "data:",
            "blob:",
            *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else []),
        ],
        "media-src": [SELF, *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [
            "https://www.youtube.com",
            "https://youtube.com",
            "https://www.youtube-nocookie.com",
            "https://vk.com",
            "https://vkvideo.ru",
            "https://rutube.ru",
        ],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        **(
            {"report-uri": [os.environ["CSP_REPORT_URI"]]}
            if os.environ.get("CSP_REPORT_URI")
            else {}
        ),
    },
}

# ---- FORMS
# Links typed without a scheme ("github.com/me") mean https://, as in Django 6; one setting
# for every form and the admin instead of per-form helpers.
# https://docs.djangoproject.com/en/5.2/ref/settings/#forms-urlfield-assume-https
FORMS_URLFIELD_ASSUME_HTTPS = True

# ---- THIRD PARTY
CRISPY_ALLOWED_TEMPLATE_PACKS = "tailwind"
CRISPY_TEMPLATE_PACK = "tailwind"
DJANGO_TABLES2_TEMPLATE = "django_tables2/tailwind.html"
TINYMCE_DEFAULT_CONFIG = {
    "license_key": "gpl",
    "height": 420,
    "menubar": False,
    "promotion": False,
    "branding": False,
    "plugins": "link lists image media autolink",
    "toolbar": (
        "undo redo | bold italic underline | bullist numlist | link image media | removeformat"
    ),
    "relative_urls": False,
    "convert_urls": False,
    # No status bar: its element path means nothing to our members, and its resize
    # handle carries an aria-label without a role (an axe-core violation).
    "statusbar": False,
}

# ---- API
# The JSON API v1 under /api/ (site_config/api.py, <app>/api/). JWT only: no session or
# CSRF on the API, so a browser's cookies never authenticate a cross-site API call.
API_THROTTLE_USER = os.environ.get("API_THROTTLE_USER", "1200/hour")
API_THROTTLE_ANON = os.environ.get("API_THROTTLE_ANON", "300/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "site_config.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "site_config.api.exception_handler",
    # Per user and per IP; the counters live in the default cache (Redis with REDIS_URL).
    "DEFAULT_THROTTLE_CLASSES": [
        "site_config.api.UserThrottle",
        "site_config.api.IPThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"user": API_THROTTLE_USER, "ip": API_THROTTLE_ANON},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The client IP for throttles: only our own proxies' X-Forwarded-For entries count
    # (DRF's default trusts the whole header, which a client writes).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": datetime.timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": datetime.timedelta(days=14),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": SECRET_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Guildhall API",
    "DESCRIPTION": (
        "JSON API v1 of Guildhall. Log in at /api/auth/login/ for an access token "
        "(15 minutes) and a refresh token; send `Authorization: Bearer <access>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/",
    # Every tag listed, in the order of the site's sections, each with what it covers:
    # Swagger UI draws the groups in this order and its filter box finds an operation among
    # the 150+ without scrolling through every group.
    "TAGS": [
        {"name": "auth", "description": "Sign up, verify the emailed code, log in, tokens."},
        {"name": "users", "description": "People, their profiles, avatars and organizations."},
        {"name": "organizations", "description": "Organizations and their members."},
        {"name": "notifications", "description": "My notifications; mark them read."},
        {"name": "board", "description": "Ads of the fan board and responses to them."},
        {"name": "internships", "description": "Internship postings by employers."},
        {"name": "jobs", "description": "Job postings by employers."},
        {"name": "applications", "description": "Applications, withdrawals, status changes."},
        {"name": "auctions", "description": "Talent auctions and employers' bids."},
        {"name": "learning", "description": "Courses, enrolment, lessons, quizzes, work."},
        {"name": "teaching", "description": "A course's teacher: content, quizzes, grading."},
        {"name": "blogs", "description": "Blog posts, comments and likes."},
        {"name": "forums", "description": "Forums, threads, posts, likes and bookmarks."},
        {"name": "chats", "description": "My chats, messages, reactions, archive."},
        {"name": "videos", "description": "Videos, their comments and likes."},
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "site_config.api.document_page_errors",
    ],
    "SWAGGER_UI_SETTINGS": {"filter": True, "deepLinking": True, "persistAuthorization": True},
    "ENUM_NAME_OVERRIDES": {
        "UserRoleEnum": "accounts.models.User.Role",
        "MembershipRoleEnum": "accounts.models.Membership.Role",
        "PostingKindEnum": "internships.models.Posting.Kind",
        "PostingStatusEnum": "internships.models.Posting.Status",
        "ApplicationStatusEnum": "internships.models.Application.Status",
        "AdCategoryEnum": "board.models.Category",
        "ResponseStatusEnum": "board.models.Response.Status",
        "SubmissionStatusEnum": "learning.models.Submission.Status",
        "CertificateStatusEnum": "learning.models.Certificate.Status",
        "QuestionKindEnum": "learning.models.Question.Kind",
    },
}
# CORS stays off: no origin may call the API from a browser page. To allow some, list
# them here (API_CORS_ORIGINS=https://app.example.com,https://partner.example.org):
# site_config.api.cors_middleware answers their preflights and adds the headers.
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"), "site_config.api.cors_middleware"
)

# ---- LOGGING
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
