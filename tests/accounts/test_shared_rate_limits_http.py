"""Rate limits shared by every web process through Redis: over real HTTP, gunicorn with production settings and
two workers that are also replaced every two requests (as a restart would; --preload, so a new one is a fork),
a private redis-server.

Without a shared cache each process counted wrong two-factor codes on its own (8 got through with 2 workers, a
restart forgot them); with CACHE_URL=redis://… the fifth wrong code is the last, whichever process answers.
"""

import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from accounts.twofactor import totp_code
from tests.accounts.test_behind_proxy_http import ROOT, Visitor, free_port, production_env, site_copy

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server (make stack-deps)")
PASSWORD = "a long test passphrase 42"
OFFICER = "two-factor@agency.example"


def wait_for(check, what, process, log, seconds=90):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except (requests.ConnectionError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start: " + Path(log).read_text()[-2000:])
        time.sleep(0.3)


def redis_ping(port):
    with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def shared_cache_site():
    folder, database, static = site_copy("frontline-shared-cache-")
    redis_port = free_port()
    redis_log = folder / "redis.log"
    redis = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=redis_log.open("w"),
        stderr=subprocess.STDOUT,
    )
    servers = [redis]
    try:
        wait_for(lambda: redis_ping(redis_port), "redis-server", redis, redis_log)
        env = production_env(folder, database, static)
        env["CACHE_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        create = (
            "from accounts.roles import create_member\n"
            f"user = create_member({OFFICER!r}, role='officer', country_code='LA', password={PASSWORD!r},"
            " approved=True, two_factor=True)\n"
            "print(user.totp_secret)\n"
        )
        made = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", create],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        secret = made.stdout.strip().splitlines()[-1]
        port = free_port()
        log = folder / "gunicorn.log"
        access = folder / "access.log"
        gunicorn = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "--pythonpath", "site", "--bind", f"127.0.0.1:{port}",
                "--workers", "2", "--max-requests", "2", "--max-requests-jitter", "0", "--preload",
                "--access-logfile", str(access), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s",
                "frontline.wsgi:application",
            ],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        servers.append(gunicorn)
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: Visitor(base, "198.51.100.9").request("GET", "/accounts/login/").ok, "gunicorn", gunicorn, log)
        yield base, secret, access
    finally:
        for server in reversed(servers):
            stop(server)
        shutil.rmtree(folder, ignore_errors=True)


def test_two_workers_share_the_wrong_two_factor_code_limit(shared_cache_site):
    base, secret, access = shared_cache_site
    phone = Visitor(base, "198.51.100.20")
    signed_in = phone.sign_in(OFFICER, PASSWORD)
    assert signed_in.status_code == 302 and "/accounts/2fa/authenticate/" in signed_in.headers["Location"]
    right = totp_code(secret)
    wrong = [f"{n:06d}" for n in range(100000, 100020) if f"{n:06d}" != right]

    def post_code(code):
        form = phone.request("GET", "/accounts/2fa/authenticate/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return phone.request("POST", "/accounts/2fa/authenticate/", data={"csrfmiddlewaretoken": token, "code": code})

    answers = [post_code(code) for code in wrong[:5]]
    assert all(answer.status_code == 200 and "Too many failed" not in answer.text for answer in answers)
    # The sixth try, even with the right code, is refused, though other processes answered the first five.
    refused = post_code(totp_code(secret))
    assert refused.status_code == 200
    assert "Too many failed" in refused.text
    assert phone.request("GET", "/members/profile/").status_code == 302  # not signed in
    pids = {line.split()[0] for line in access.read_text().splitlines() if "/accounts/2fa/authenticate/" in line}
    assert len(pids) >= 4  # every process answered two requests at most: the count lived in Redis
