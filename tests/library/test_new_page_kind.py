"""A new page kind touches its own app and nothing else: tests/pagekind_app adds a training module page.

The app is installed only by tests/pagekind_app/settings.py, so its checks (tests/pagekind_app/kind_checks.py)
run in a pytest process of their own under those settings: the index's allowed subpage types, import_library
lines, the library listing's type facet and the search page and API all take the new kind from its class.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_page_kind_in_its_own_app_appears_on_every_surface():
    # Not an xdist worker's database or options: the inner run makes its own test database.
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTEST_", "DJANGO_SETTINGS"))}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=tests.pagekind_app.settings",
            "tests/pagekind_app/kind_checks.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
