"""gunicorn settings for Guildhall's pages (docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py site_config.wsgi

Everything can be changed from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...).
WebSockets (/ws/) are served by daphne next to it; nginx sends each its own paths.
https://docs.gunicorn.org/en/stable/settings.html
"""

import multiprocessing
import os

# Behind nginx on the same host: listen on loopback only.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request has a worker to itself; 2 × cores + 1 is gunicorn's advice.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is killed (and logged): nothing on the site
# should; uploads arrive through nginx, which buffers the body before passing it on.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Request-line and header limits (gunicorn's defaults, spelled out): a hostile client
# gets a 400 from gunicorn before Django sees it.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Only the local proxy may say the request was HTTPS (X-Forwarded-Proto); Django
# reads the same header with BEHIND_PROXY=1.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Logs to stdout/stderr: the service manager (systemd, docker) keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client address in the access log is the proxy's; log the forwarded one too.
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss'
proc_name = "guildhall"
