"""Gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py exhibition.wsgi``.

Server knobs come from the environment or the same ``.env`` file the settings read
(exhibition/settings/base.py reads the site's; these belong to the server):

    BIND          address to listen on (default 127.0.0.1:$PORT, PORT default 8000)
    WEB_WORKERS   worker processes (default 2 per core, at least 2)
    WEB_THREADS   threads per worker (default 2)
    WEB_TIMEOUT   seconds a request may take before its worker is replaced (default 30)

The site is meant to sit behind a reverse proxy (deploy/nginx.conf) that terminates TLS.
"""

import gc
import os
from pathlib import Path

import environ

# Without overwriting what the environment already says, as the settings do.
environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env", overwrite=False)

_cores = os.cpu_count() or 1

bind = [os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT') or 8000}"]
# Page views are CPU-bound Python with short database waits: a couple of processes per
# core, and a few threads each to cover the waits (threads imply the gthread worker).
workers = int(os.environ.get("WEB_WORKERS") or max(2, 2 * _cores))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 2)
timeout = int(os.environ.get("WEB_TIMEOUT") or 30)
# On SIGTERM (a release), finish the requests in flight for this long.
graceful_timeout = 20
# Longer than nginx's upstream keepalive_timeout, so the proxy closes idle connections
# first and never sends a request on a socket gunicorn is closing.
keepalive = 75

# Load the site (and the text pipeline: hazm, ~150 MB) once in the master; workers
# share those pages copy-on-write instead of each loading their own copy.
preload_app = True

# Replace each worker after a few thousand requests, staggered so they do not all
# restart at once: bounds the growth of any slow leak.
max_requests = 5000
max_requests_jitter = 500

# Logs to stdout/stderr: the process manager (systemd, a container runtime) keeps them.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Whether a request came over HTTPS is decided in one place, Django's settings
# (SECURE_PROXY_SSL_HEADER): gunicorn must not set the scheme from proxy headers too.
secure_scheme_headers = {}
# The runtime control socket (gunicornc) lives at one path per user; several servers on
# one machine (tests, benchmarks) would fight over it, and nothing here uses it.
control_socket_disable = True
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "exhibition"


def when_ready(server):
    """After preloading, before the first fork: move every object the site has made so
    far out of the collector's reach, so a collection in a worker does not write to (and
    so copy) the pages it shares with the master."""
    gc.collect()
    gc.freeze()
    server.log.info("preloaded; %d objects frozen for copy-on-write", gc.get_freeze_count())
