"""Gunicorn configuration, read from the environment: gunicorn -c config/gunicorn.py config.wsgi

Every value has a default fit for one small county server behind a reverse proxy (nginx) on the
same host. The variables are listed in deploy/portal.env.example and docs/operations.md.
"""
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _default_workers() -> int:
    """2 x cores + 1, the usual rule for sync workers, capped: the portal holds one database
    connection per thread and a county has tens of concurrent users, not thousands."""
    return min(2 * multiprocessing.cpu_count() + 1, _int("GUNICORN_MAX_WORKERS", 8))


bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
        if address.strip()]
workers = _int("GUNICORN_WORKERS", _default_workers())
# More than one thread switches the worker class to gthread; long uploads (register imports,
# report attachments) then do not hold a whole process.
threads = _int("GUNICORN_THREADS", 2)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so that a slow leak never grows; the jitter keeps them from
# restarting all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Logs go to stdout/stderr, where systemd's journal (or the Procfile runner) collects them.
# %(M)s is the response time in milliseconds.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = ('%({x-forwarded-for}i)s %(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s '
                     '"%(f)s" "%(a)s" %(M)sms')

# Proxies trusted to set X-Forwarded-Proto/-For: only the local nginx unless told otherwise.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Each worker imports the application itself: a reload (HUP) picks up new code, and no
# database connection is shared across a fork.
preload_app = False

# The heartbeat file on a memory filesystem, so a slow disk never makes workers look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicornc's control socket: by default under $XDG_RUNTIME_DIR or ~/.gunicorn, which a
# service user without a home cannot create; GUNICORN_CONTROL_SOCKET chooses the path
# (the systemd unit puts it in /run/portal), "off" switches it off.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if _control_socket.lower() == "off":
    control_socket_disable = True
elif _control_socket:
    control_socket = _control_socket

proc_name = "portal-web"
