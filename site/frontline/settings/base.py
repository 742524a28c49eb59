"""Settings shared by every environment; no secret and no DEBUG here."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.conf import locale as django_locale
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/frontline
SITE_DIR = PROJECT_DIR.parent  # site/
BASE_DIR = SITE_DIR.parent  # repository root


def env_list(name, default=""):
    """Return a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    """Return an environment variable read as a boolean."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "frontline.apps.FrontlineConfig",
    "library",
    "insights",
    "search",
    "search.follows",
    "forum",
    "accounts",
    "safety",
    "submissions",
    "background",
    "django_tasks_db",
    "workshops",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "frontline.headers.ContentSecurityPolicyMiddleware",
    "frontline.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "frontline.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.TwoFactorEnrolmentMiddleware",
    "accounts.middleware.AdminAreaMiddleware",
    "accounts.admin_guard.AdminWorkingGroupGuard",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "frontline.urls"
WSGI_APPLICATION = "frontline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            "libraries": {"site_tags": "frontline.site_tags"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it: after a database restart the first request
        # of each process reconnects instead of failing on the dead connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# UI language is separate from the language a library page is written in.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("km", "ភាសាខ្មែរ"),
    ("lo", "ພາສາລາວ"),
    ("th", "ภาษาไทย"),
    ("vi", "Tiếng Việt"),
]
# Django ships no locale data for Lao; register it so the switcher and LocaleMiddleware know it.
django_locale.LANG_INFO.setdefault("lo", {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ພາສາລາວ"})
# Django names Khmer "Khmer" in Khmer too; the switcher shows each language's name in that language.
django_locale.LANG_INFO["km"] = {**django_locale.LANG_INFO["km"], "name_local": "ភាសាខ្មែរ"}
CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("km", _("Khmer")),
    ("lo", _("Lao")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
]
LOCALE_PATHS = [SITE_DIR / "locale"]
# Date formats for languages Django has none for (Lao); the others keep Django's own.
FORMAT_MODULE_PATH = ["frontline.formats"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Uploaded images, renditions, documents and forum attachments: never served directly, only through the views
# that check the reader (library.media_views, forum attachments). Keep this folder out of the web server's reach.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
# Optional: an internal (nginx `internal;`) location aliasing PRIVATE_MEDIA_ROOT, so the web server sends the bytes.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
WAGTAILIMAGES_RENDITION_STORAGE = "library.storage.PrivateMediaStorage"
STORAGES = {
    "default": {"BACKEND": "library.storage.PrivateMediaStorage"},  # uploads: only the checking views serve them
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: checked by content, bounded in size and pixels.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_IMAGE_FORM_BASE = "library.forms.LibraryImageForm"  # strips image metadata before storage
WAGTAILDOCS_DOCUMENT_FORM_BASE = "library.forms.LibraryDocumentForm"  # real PDF/DOCX only; extracts text

WAGTAIL_SITE_NAME = "Frontline Exchange"
# Nothing leaves the site: no Gravatar (editors' avatars are their initials, accounts.avatars), no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The public base URL of links in emails; `make run` sets it from its PORT. Wagtail's admin links follow it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
# Wagtail's admin search: modelsearch's database backend, with a cheaper bulk write on PostgreSQL (see there).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "frontline.admin_search"}}
TAGGIT_CASE_INSENSITIVE = True

# Search: unset = embedded engine in the site's database; http(s)://… = Elasticsearch.
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "frontline")
# HTTP node class of the Elasticsearch client: "search.es_compat.Elasticsearch8Node" for an 8.x cluster (see there).
SEARCH_NODE_CLASS = os.environ.get("SEARCH_NODE_CLASS", "")
# Seconds before a search request gives up (and the site answers from the embedded index).
SEARCH_TIMEOUT = float(os.environ.get("SEARCH_TIMEOUT", "2"))
# Seconds between the worker's drains of the outbox to Elasticsearch (only when SEARCH_URL is set).
SEARCH_OUTBOX_DRAIN_SECONDS = float(os.environ.get("SEARCH_OUTBOX_DRAIN_SECONDS", "5"))

# Mail is queued as a task and sent after the response (frontline.mail, frontline.tasks), so no page waits for a
# mail server and no answer's timing depends on whether an email went out. EMAIL_BACKEND names the real sender.
EMAIL_BACKEND = "frontline.mail.DeferredEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Background tasks (background/): "database" (default) keeps them in the site's database, where `manage.py worker`
# (started with the site by `make run` and the Procfile) runs them, retries them with backoff and keeps the failed
# ones for the admin (Settings → Failed tasks). "after-response" runs them in the web process after each response
# (one process, no worker; nothing is retried). Wagtail's own tasks use "default" too.
TASK_QUEUE = os.environ.get("TASK_QUEUE", "database").strip().lower()
if TASK_QUEUE == "database":
    TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        "email": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
elif TASK_QUEUE == "after-response":
    TASKS = {
        "default": {"BACKEND": "frontline.tasks.AfterResponseBackend"},
        "email": {"BACKEND": "frontline.tasks.AfterResponseBackend"},
    }
else:
    raise ValueError(f"TASK_QUEUE must be 'database' or 'after-response', not {TASK_QUEUE!r}")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Frontline Exchange <no-reply@frontline.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The cache holds the rate limits (wrong two-factor codes, sign-up and reset mails, forum posting): with more than
# one process it must be shared, or each process counts on its own (and a restart forgets). CACHE_URL (or
# REDIS_URL) = redis://host:port/db selects Redis; unset keeps a per-process cache, right for one process only
# (`check --deploy` refuses it). Sign-in lockouts (django-axes) are kept in the database, shared either way.
CACHE_URL = (os.environ.get("CACHE_URL", "") or os.environ.get("REDIS_URL", "")).strip()
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "frontline"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "frontline") + "-pages",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
    }
elif CACHE_URL:
    raise ValueError(f"CACHE_URL must be a redis://, rediss:// or unix:// address, not {CACHE_URL!r}")
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }
# Visitors' pages (frontline/page_cache.py): public answers to requests without a sign-in, kept in the `pages`
# cache (apart from the rate limits, which a flood of pages must never evict) for this many seconds; any content
# change makes them unreachable at once. 0 turns the cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Seconds a process trusts the database's content versions between two reads (a change saved in the process, or
# through the shared cache token, shows at once; a change by raw SQL in another process within this time).
PAGE_CACHE_VERSION_CHECK_SECONDS = float(os.environ.get("PAGE_CACHE_VERSION_CHECK_SECONDS", "1"))
# A new web process (frontline/wsgi.py) warms up at start (frontline/warmup.py: the search index summary, the text
# analysers, the common templates and pages) so that its first search is as quick as the next. On in production.
WARM_UP_AT_START = env_bool("WARM_UP_AT_START", False)
PAGE_CACHE_SKIP_PREFIXES = ("/static/", "/admin/", "/django-admin/", "/accounts/", "/documents/", "/files/", "/i18n/")

# Forum: posts a member may make per minute (stricter for members who joined under a week ago or have < 5 posts).
FORUM_POSTS_PER_MINUTE = {"member": 6, "new_member": 2}
# Seconds without a heartbeat after which a worker counts as gone and the task it held is run again (min. 20).
WORKER_STALE_SECONDS = float(os.environ.get("WORKER_STALE_SECONDS", "60"))
# Hours between the worker's runs of the forum's email digest (forum.tasks.send_forum_digest).
FORUM_DIGEST_EVERY_HOURS = float(os.environ.get("FORUM_DIGEST_EVERY_HOURS", "24"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Libraries' progress chatter at INFO: WeasyPrint's "Step 2 - Fetching and parsing CSS" (its user-agent style
    # sheets are parsed on import), fontTools' font subsetting while a PDF is written.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint.progress", "fontTools")},
}

WAGTAILIMAGES_IMAGE_MODEL = "library.LibraryImage"
WAGTAILDOCS_DOCUMENT_MODEL = "library.LibraryDocument"

# Accounts: sign-in by email through django-allauth, two-factor via allauth.mfa, throttling via django-axes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False  # allauth's reset, which does not reveal whether an email is registered
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.MemberSignupForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Following the confirmation link in the browser that registered signs the member in (allauth does it only there):
# a workshop participant goes from the invitation to the site without typing the password again.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
# Both the sign-up and the password-reset forms answer the same for any address and email its owner either way
# (accounts.signup): a registered address hears that someone tried to sign up, an unknown one that no account exists.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_FORMS = {"signup": "accounts.signup.SignupForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Frontline Exchange] "
# django-axes owns password lockout (accounts.adapters skips allauth's password throttle); allauth's
# "login_failed" limit still throttles wrong two-factor codes per account, and its other limits stay.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/15m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Frontline Exchange"
MFA_TOTP_TOLERANCE = 1  # accept the codes either side of now: phones' clocks drift
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN")
# Sign-in lockout (accounts.security): failures pause one account at one address, so a colleague behind the same
# office address, or the same officer on a phone, still signs in; an address is throttled as a whole only after
# many failures across many accounts (password spraying).
AXES_HANDLER = "accounts.security.SignInAttemptHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_FAILURE_LIMIT", "50"))
SIGN_IN_ADDRESS_ACCOUNTS = int(os.environ.get("SIGN_IN_ADDRESS_ACCOUNTS", "10"))
# One account guessed at from many addresses (a botnet): paused at every address it has not signed in from lately.
SIGN_IN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ACCOUNT_FAILURE_LIMIT", "20"))
SIGN_IN_ACCOUNT_ADDRESSES = int(os.environ.get("SIGN_IN_ACCOUNT_ADDRESSES", "4"))
SIGN_IN_KNOWN_ADDRESS_DAYS = int(os.environ.get("SIGN_IN_KNOWN_ADDRESS_DAYS", "90"))
# The client address (accounts.client_address) for lockout, rate limits and the audit log: X-Forwarded-For counts
# only behind this many trusted reverse proxies; none unless TRUSTED_PROXY_COUNT says so (production: 1).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_address"
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Messages live in the session, never in a cookie of their own (they may name people or email addresses).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Audiences are members, officers or named groups; a shared password would let anyone with it read restricted content.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

# Security headers (frontline.headers). The public site runs no inline script or style and loads nothing from
# another host; the admin areas keep the inline scripts and styles Wagtail's admin and Django's admin need.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # data: for the two-factor QR code
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],  # Wagtail's inline panels, date pickers and chooser modals
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],  # initials avatars; previews of images being uploaded
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],  # the page editor's live preview
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# Uploaded files (images, PDF and DOCX documents): Chrome shows a PDF through an embedded viewer in a page with
# inline styles, so allow those and nothing else.
FILE_CONTENT_SECURITY_POLICY = {
    "default-src": [NONE],
    "img-src": [SELF],
    "object-src": [SELF],
    "style-src": [UNSAFE_INLINE],
    "frame-ancestors": [NONE],
}
CONTENT_SECURITY_POLICY_AREAS = (
    (("/admin/", "/django-admin/"), ADMIN_CONTENT_SECURITY_POLICY),
    (("/documents/", "/files/"), FILE_CONTENT_SECURITY_POLICY),
)
SECURE_REFERRER_POLICY = "same-origin"
# Browser features the site never uses; security keys (publickey-credentials-*) keep their same-origin default.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}

# Insights: cells built from victim-profile fields with fewer case studies than this read "fewer than k" for
# visitors and members (on the page, in the CSV and JSON downloads and the API).
INSIGHTS_MIN_CELL = int(os.environ.get("INSIGHTS_MIN_CELL", "5"))
