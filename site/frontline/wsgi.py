"""WSGI entry point, with site/ on the import path; warms the process up before its first request."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontline.settings.production")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

if settings.WARM_UP_AT_START:  # on in production (settings/production.py), off elsewhere; WARM_UP_AT_START=0|1
    from frontline import warmup  # noqa: E402

    warmup.start(application)
