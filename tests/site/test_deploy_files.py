"""The deployment files (deploy/) agree with the site: nginx accepts the site file, its body limits match the
upload limits, the environment template names only settings the site reads and holds no secret, the systemd units
are hardened, and the backup scripts refuse what they cannot do with a clear message. The stack test
(tests/stack, `make test-stack`) runs them for real."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from forum.uploads import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from submissions.forms import MAX_DOCUMENTS, MAX_IMAGES
from tests.stack.services import nginx_check, nginx_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SITE = (DEPLOY / "nginx" / "frontline.conf").read_text()


def megabytes(value: str) -> int:
    return int(value.rstrip("m")) * 2**20


@pytest.mark.skipif(not (shutil.which("nginx") and shutil.which("openssl")), reason="needs nginx and openssl")
def test_nginx_accepts_the_site_file():
    folder = Path(tempfile.mkdtemp(prefix="frontline-nginx-"))
    try:
        conf = nginx_config(
            folder, upstream=8000, https=8443, http=8080, static_root=folder, private_media=folder / "private"
        )
        checked = nginx_check(conf)
        assert checked.returncode == 0, checked.stderr
        assert "test is successful" in checked.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_nginx_body_limits_match_the_upload_limits():
    general = megabytes(re.search(r"^    client_max_body_size (\d+m);", SITE, re.M).group(1))
    share = megabytes(re.search(r"location /share/ \{\s*client_max_body_size (\d+m);", SITE).group(1))
    largest_single = max(
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
        MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES,
    )
    largest_share = (
        MAX_IMAGES * settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + MAX_DOCUMENTS * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    )
    form_room = settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # the form's text fields around the files
    assert largest_single < general <= largest_single + form_room
    assert largest_share < share <= largest_share + form_room


def test_private_media_is_reachable_only_through_the_internal_location():
    internal = re.search(r"location /internal-media/ \{(.*?)\n    \}", SITE, re.S).group(1)
    assert "internal;" in internal and "alias /srv/frontline/private_media/;" in internal
    assert SITE.count("/srv/frontline/private_media/") == 1  # no other location exposes it
    env = (DEPLOY / "frontline.env.example").read_text()
    assert "MEDIA_ACCEL_REDIRECT=/internal-media/" in env
    assert "PRIVATE_MEDIA_ROOT=/srv/frontline/private_media" in env


def test_the_environment_template_names_only_settings_the_site_reads_and_holds_no_secret():
    read = set()
    for path in (ROOT / "site" / "frontline" / "settings").glob("*.py"):
        text = path.read_text()
        read |= set(re.findall(r"""(?:environ\.get|env_list|env_bool|required)\(\s*["']([A-Z_]+)["']""", text))
    read |= {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    values = dict(
        line.split("=", 1)
        for line in (DEPLOY / "frontline.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(values) <= read, set(values) - read
    assert values["SECRET_KEY"] == "" and values["EMAIL_HOST_PASSWORD"] == ""
    assert values["DJANGO_SETTINGS_MODULE"] == "frontline.settings.production"
    assert values["CACHE_URL"].startswith("redis://")  # check --deploy refuses a per-process cache
    assert values["TRUSTED_PROXY_COUNT"] == "1"


@pytest.mark.parametrize("unit", ["frontline-web.service", "frontline-worker.service"])
def test_the_services_are_hardened_and_restart(unit):
    text = (DEPLOY / "systemd" / unit).read_text()
    for line in (
        "User=frontline",
        "EnvironmentFile=/etc/frontline/frontline.env",
        "Restart=always",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "NoNewPrivileges=yes",
        "ReadWritePaths=/srv/frontline/private_media /srv/frontline/media",
        "CapabilityBoundingSet=",
    ):
        assert re.search(rf"^{re.escape(line)}$", text, re.M), (unit, line)


def test_backup_and_restore_refuse_what_they_cannot_do_with_a_clear_message(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    env |= {"PRIVATE_MEDIA_ROOT": str(tmp_path / "p"), "MEDIA_ROOT": str(tmp_path / "m")}
    backup = subprocess.run([DEPLOY / "backup", tmp_path / "out"], env=env, capture_output=True, text=True)
    assert backup.returncode == 2 and "must name a PostgreSQL database" in backup.stderr
    restore = subprocess.run([DEPLOY / "restore", tmp_path], env=env, capture_output=True, text=True)
    assert restore.returncode == 2 and "PostgreSQL" in restore.stderr
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"
    restore = subprocess.run([DEPLOY / "restore", tmp_path], env=env, capture_output=True, text=True)
    assert restore.returncode == 2 and "not a deploy/backup folder" in restore.stderr
    for script in ("backup", "restore"):
        helped = subprocess.run([DEPLOY / script, "--help"], capture_output=True, text=True)
        assert helped.returncode == 0 and "deploy/" + script in helped.stdout


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_accepts_the_units_as_installed(tmp_path):
    """systemd-analyze verify, on the units with the application folder where this checkout is (so the programs they
    start exist): every directive known, every ExecStart an executable, the timer's calendar valid, nothing said."""
    installed = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/srv/frontline/app", str(ROOT))
        (tmp_path / unit.name).write_text(text)
        installed.append(str(tmp_path / unit.name))
    assert {Path(name).name for name in installed} >= {
        "frontline-web.service",
        "frontline-worker.service",
        "frontline-backup.service",
        "frontline-backup.timer",
    }
    verified = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *installed], capture_output=True, text=True, cwd=tmp_path
    )
    assert (verified.returncode, verified.stdout + verified.stderr) == (0, "")


def test_the_units_start_what_the_stack_test_runs():
    """The web and worker units start the programs the stack test exercises: gunicorn with the shipped
    configuration, and `manage.py worker`."""
    web = (DEPLOY / "systemd" / "frontline-web.service").read_text()
    worker = (DEPLOY / "systemd" / "frontline-worker.service").read_text()
    assert re.search(r"^ExecStart=/srv/frontline/app/\.venv/bin/gunicorn -c deploy/gunicorn\.conf\.py$", web, re.M)
    assert re.search(r"^ExecStart=/srv/frontline/app/\.venv/bin/python manage\.py worker$", worker, re.M)
    services = (ROOT / "tests" / "stack" / "services.py").read_text()
    assert '"-c", "deploy/gunicorn.conf.py"' in services
    assert '"manage.py", "worker"' in services
