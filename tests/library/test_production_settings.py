"""Production settings, checked in a separate process as the server would load them."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_ENV = {
    "SECRET_KEY": "check-deploy-only-not-a-real-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "frontline.example",
    "CACHE_URL": "redis://127.0.0.1:6379/0",  # only read by the check: no connection is made
}


def manage(*args, **env):
    """Run manage.py with production settings and only the given environment; return the finished process."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "ALLOWED_HOSTS", "CACHE_URL", "REDIS_URL")
    }
    environment.update(DJANGO_SETTINGS_MODULE="frontline.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class ProductionSettingsTests(SimpleTestCase):
    def test_deploy_check_is_clean(self):
        result = manage("check", "--deploy", "--fail-level", "WARNING", **DEPLOY_ENV)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_deploy_check_refuses_a_per_process_cache(self):
        result = manage("check", "--deploy", **{**DEPLOY_ENV, "CACHE_URL": ""})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("frontline.E001", result.stderr)
        self.assertIn("Set CACHE_URL=redis://", result.stderr)

    def test_refuses_a_cache_address_that_is_not_redis(self):
        result = manage("check", **{**DEPLOY_ENV, "CACHE_URL": "memcached://127.0.0.1:11211"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("CACHE_URL must be a redis://", result.stderr)

    def test_refuses_to_start_without_a_secret_key(self):
        result = manage("check", ALLOWED_HOSTS="frontline.example")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("Set the SECRET_KEY environment variable for production.", result.stderr)

    def test_refuses_to_start_without_allowed_hosts(self):
        result = manage("check", SECRET_KEY=DEPLOY_ENV["SECRET_KEY"])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("Set the ALLOWED_HOSTS environment variable for production.", result.stderr)


class TestSettingsTests(SimpleTestCase):
    def test_static_files_are_served_without_collectstatic(self):
        response = self.client.get("/static/css/site.css")
        self.assertEqual(response.status_code, 200)

    def test_media_goes_to_a_private_temporary_folder(self):
        self.assertNotEqual(Path(settings.MEDIA_ROOT), ROOT / "media")
        self.assertTrue(Path(settings.MEDIA_ROOT).is_dir())
