"""`make run` points the links in emails at the server it starts."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_python(tmp_path):
    """Return a stand-in for the virtualenv's python that prints the SITE_URL it was given."""
    script = tmp_path / "python"
    script.write_text('#!/bin/sh\necho "SITE_URL=$SITE_URL"\n')
    script.chmod(0o755)
    return script


def run_make(fake_python, **env):
    """Run `make run` (setup taken as done) with the stand-in python; return the SITE_URLs its commands saw."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    environment = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "PORT"}}
    command = ["make", "-s", "-o", "setup", "run", f"PY={fake_python}"]
    output = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env={**environment, **env}, capture_output=True, text=True, check=True
    ).stdout
    return {line for line in output.splitlines() if line.startswith("SITE_URL=")}


def test_make_run_sets_the_site_url_from_its_port(fake_python):
    assert run_make(fake_python, PORT="8101") == {"SITE_URL=http://127.0.0.1:8101"}
    assert run_make(fake_python) == {"SITE_URL=http://127.0.0.1:8000"}


def test_a_site_url_given_to_make_run_wins(fake_python):
    assert run_make(fake_python, PORT="8101", SITE_URL="https://exchange.example") == {
        "SITE_URL=https://exchange.example"
    }
