"""gunicorn's settings for the site: `gunicorn -c deploy/gunicorn.conf.py` from the application folder
(deploy/systemd/frontline-web.service). Options given on the command line win over these (the tests bind elsewhere).

Worker class: see docs/deploy.md, "gunicorn workers", for the figures it was chosen on (bench/load.py).
"""

import os

wsgi_app = "frontline.wsgi:application"
pythonpath = "site"
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", "3"))
worker_class = "sync"
# The master loads the application and warms it up (frontline/warmup.py, WARM_UP_AT_START is on in production)
# before it forks: every worker, and every worker started again after max_requests, answers its first search warm.
# New code needs a restart (systemctl restart frontline-web), not a reload: a reload forks the loaded application.
preload_app = True
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
# nginx on this machine sets X-Forwarded-Proto (and X-Forwarded-For, read by accounts.client_address).
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
