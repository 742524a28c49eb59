"""gunicorn's settings for the site: `gunicorn -c deploy/gunicorn.conf.py` from the application folder
(deploy/systemd/frontline-web.service). Options given on the command line win over these (the tests bind elsewhere).

Worker class: see docs/deploy.md, "gunicorn workers", for the figures it was chosen on (bench/load.py).
"""

import os

wsgi_app = "frontline.wsgi:application"
pythonpath = "site"
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", "3"))
# gthread, 4 threads a worker: a request waiting on Redis or the database leaves the worker's other threads to
# answer (bench/load.py --threads 1,4, 2 workers, same run, load 8-10 on 2 cores: visitors 754.7 req/s p95 139 ms
# against sync's 414.7 req/s p95 163 ms; members p95 413 against 842 ms; posters p95 252 against 427 ms).
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# The master loads the application and warms it up (frontline/warmup.py, WARM_UP_AT_START is on in production)
# before it forks: every worker, and every worker started again after max_requests, answers its first search warm.
# New code needs a restart (systemctl restart frontline-web), not a reload: a reload forks the loaded application.
preload_app = True
timeout = 60
graceful_timeout = 30
# A worker is replaced after this many requests (a guard against slow leaks; a 30-minute soak kept worker memory
# flat without it). Not too often: at 300 cached pages a second 2,000 replaced each worker every 20 s, and a new
# worker starts from the master's state of the search index summary, brought up to date on its first search.
max_requests = 20000
max_requests_jitter = 2000
# nginx on this machine sets X-Forwarded-Proto (and X-Forwarded-For, read by accounts.client_address).
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
