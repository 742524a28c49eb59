"""What an operator sees when running manage.py with production settings and the deployment's environment
(LOG_LEVEL=INFO): each command's own result, no library's progress lines (WeasyPrint's "Step 2 - Fetching and
parsing CSS") and no echo of audit events (the audit log keeps them)."""

import shutil
import subprocess
import sys

import pytest

from tests.accounts.test_behind_proxy_http import ROOT, production_env, site_copy


@pytest.fixture(scope="module")
def operator_env():
    folder, database, static = site_copy("frontline-operator-")
    env = production_env(folder, database, static)
    env["LOG_LEVEL"] = "INFO"  # as deploy/frontline.env.example sets it
    yield env
    shutil.rmtree(folder, ignore_errors=True)


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_create_member_says_what_it_did_and_nothing_else(operator_env):
    done = manage(operator_env, "create_member", "chief@agency.example", "--role", "administrator", "--country", "TH",
                  "--no-password")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Created chief@agency.example as administrator.\n"
    assert done.stderr == ""
    count = "from accounts.models import AuditEvent; print(AuditEvent.objects.count())"
    assert int(manage(operator_env, "shell", "-v", "0", "-c", count).stdout) >= 1  # still in the audit log


def test_check_prints_its_verdict_only(operator_env):
    done = manage(operator_env, "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "System check identified no issues (0 silenced).\n"
    assert "Fetching and parsing CSS" not in done.stderr
    assert done.stderr == ""


def test_a_bad_command_line_still_explains_itself(operator_env):
    done = manage(operator_env, "create_member", "someone@agency.example", "--role", "officer", "--country", "XX",
                  "--no-password")  # fmt: skip
    assert done.returncode == 1
    assert "Unknown country 'XX'" in done.stderr
