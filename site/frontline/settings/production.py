"""Production: secrets and service addresses from the environment; refuses to start without them."""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def required(name):
    """Return an environment variable, or stop start-up naming the missing one."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required("ALLOWED_HOSTS")]  # noqa: F405
# Links in emails lead to the public address: SITE_URL, else https:// and the first allowed host.
_PUBLIC_HOST = ALLOWED_HOSTS[0].lstrip(".")
SITE_URL = (
    os.environ.get("SITE_URL", "").strip()
    or (f"https://{_PUBLIC_HOST}" if _PUBLIC_HOST != "*" else required("SITE_URL"))
).rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

STORAGES = {
    "default": {"BACKEND": "library.storage.PrivateMediaStorage"},  # uploads: only the checking views serve them
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
LANGUAGE_COOKIE_SECURE = True
# Behind the reverse proxy, the client address (lockout, rate limits, audit log) is the one it appends to
# X-Forwarded-For; accounts.client_address reads the entry the outermost of these trusted proxies added.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

# Every web process warms up before its first request (frontline/warmup.py); with gunicorn's preload_app
# (deploy/gunicorn.conf.py) the master does it once and forks its workers warm. WARM_UP_AT_START=0 turns it off.
WARM_UP_AT_START = env_bool("WARM_UP_AT_START", True)  # noqa: F405

# One-off manage.py commands (create_member, migrate, rebuild_search_index, …) print what they did for the operator;
# the INFO lines meant for the services' journals (the echo of an audit event, which the audit log keeps) would mix
# into it, so they log warnings and errors only (COMMAND_LOG_LEVEL). The task worker logs as the web processes do.
LONG_RUNNING_COMMANDS = {"worker", "runserver"}
ONE_OFF_COMMAND = (
    Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != [] and sys.argv[1] not in LONG_RUNNING_COMMANDS
)
LOGGING["root"]["level"] = (  # noqa: F405
    os.environ.get("COMMAND_LOG_LEVEL", "WARNING") if ONE_OFF_COMMAND else os.environ.get("LOG_LEVEL", "INFO")
)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Each gunicorn worker keeps its SQLite connection between requests (DATABASE_CONN_MAX_AGE seconds, default
    # 600): opening one and running the WAL and busy-timeout pragmas cost about a tenth of a member's page.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))  # noqa: F405
