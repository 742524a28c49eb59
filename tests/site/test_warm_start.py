"""Production starts warm: gunicorn run with the shipped configuration (deploy/gunicorn.conf.py) and production
settings loads the search index summary and the text analysers once, in the master, before it forks its workers;
a worker's first search then reads nothing of the index summary again (issue 14, item 9).

Behaviour, not timing: the log says which process read the index summary and when the workers were forked.
"""

import re
import shutil
import subprocess
import sys
import time

import requests

from tests.accounts.test_behind_proxy_http import ROOT, free_port, production_env, site_copy

SUMMARY_READ = re.compile(r"Read the search index summary: \d+ rows \(process (\d+)\)")
WARMED = re.compile(r"Warmed up in [\d.]+ s \(process (\d+)\)")
BOOTED = re.compile(r"Booting worker with pid: (\d+)")


def test_a_new_worker_answers_its_first_search_from_the_summary_its_master_read_at_start():
    folder, database, static = site_copy("frontline-warm-start-")
    env = production_env(folder, database, static)
    env.update(LOG_LEVEL="INFO", SITE_URL="https://127.0.0.1")  # what the deployment's environment file says
    env.pop("WARM_UP_AT_START", None)  # production's default
    port = free_port()
    log_path = folder / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    with log_path.open("w") as log:
        server = subprocess.Popen([*command, "--workers", "2"], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 180
        while len(BOOTED.findall(log_path.read_text())) < 2:
            assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()[-3000:]
            time.sleep(0.5)
        while True:  # the workers take their first request: a search
            try:
                response = requests.get(
                    f"http://127.0.0.1:{port}/search/?q=trafficking",
                    headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"},
                    timeout=60,
                )
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, log_path.read_text()[-3000:]
                time.sleep(0.2)
        assert response.status_code == 200
        assert "trafficking" in response.text
        text = log_path.read_text()
        reads = [(match.start(), int(match.group(1))) for match in SUMMARY_READ.finditer(text)]
        warmed = WARMED.search(text)
        workers = {int(pid) for pid in BOOTED.findall(text)}
        assert reads, text[-3000:]
        assert warmed is not None and int(warmed.group(1)) == server.pid, text[-3000:]
        assert {pid for _at, pid in reads} == {server.pid}  # read by the master, never by a worker
        assert max(at for at, _pid in reads) < warmed.start() < BOOTED.search(text).start()
        assert len(workers) == 2 and server.pid not in workers
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)
