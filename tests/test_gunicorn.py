"""config/gunicorn.py: its values come from the environment, and gunicorn started with it
serves the portal (pages from the test database, static files through WhiteNoise) and stops
cleanly on SIGTERM."""
import http.cookiejar
import os
import re
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import Role
from accounts.tests.factories import PASSWORD, UserFactory

ROOT = Path(settings.BASE_DIR)
CONFIG = ROOT / "config" / "gunicorn.py"
START_TIMEOUT = 60  # seconds: an upper bound for a slow CI machine, left as soon as it answers
STOP_TIMEOUT = 45  # beyond the config's graceful_timeout of 30 s


def database_url() -> str | None:
    """DATABASE_URL of the database the running tests use (pytest-django's test database), or
    None when another process cannot open it (SQLite in memory)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        return None if connection.creation.is_in_memory_db(name) else f"sqlite:///{name}"
    if connection.vendor != "postgresql":
        raise NotImplementedError(connection.vendor)
    user = urllib.parse.quote(db.get("USER") or "", safe="")
    password = urllib.parse.quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{urllib.parse.quote(db['NAME'], safe='')}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_config(monkeypatch, **environ) -> dict:
    for name in [n for n in os.environ if n.startswith("GUNICORN_") or n == "FORWARDED_ALLOW_IPS"]:
        monkeypatch.delenv(name)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_config_defaults(monkeypatch):
    config = load_config(monkeypatch)
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] == min(2 * os.cpu_count() + 1, 8)
    assert config["timeout"] == 60
    assert config["graceful_timeout"] < config["timeout"]
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["accesslog"] == "-"
    assert "%(M)s" in config["access_log_format"]  # the response time
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert config["preload_app"] is False
    assert config["worker_tmp_dir"] == ("/dev/shm" if os.path.isdir("/dev/shm") else None)


def test_config_reads_the_environment(monkeypatch):
    config = load_config(monkeypatch, GUNICORN_BIND="0.0.0.0:9000, unix:/run/portal/web.sock",
                         GUNICORN_WORKERS="3", GUNICORN_THREADS="4", GUNICORN_TIMEOUT="120",
                         GUNICORN_MAX_REQUESTS="50", FORWARDED_ALLOW_IPS="10.0.0.0/8",
                         GUNICORN_CONTROL_SOCKET="off")
    assert config["bind"] == ["0.0.0.0:9000", "unix:/run/portal/web.sock"]
    assert (config["workers"], config["threads"], config["timeout"]) == (3, 4, 120)
    assert config["max_requests"] == 50
    assert config["forwarded_allow_ips"] == "10.0.0.0/8"
    assert config["control_socket_disable"] is True


def test_default_workers_are_capped(monkeypatch):
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 64)
    assert load_config(monkeypatch)["workers"] == 8
    assert load_config(monkeypatch, GUNICORN_MAX_WORKERS="12")["workers"] == 12


class Gunicorn:
    def __init__(self, process: subprocess.Popen, base: str, log: Path):
        self.process, self.base, self.log = process, base, log
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + "/"})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read()


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """gunicorn -c config/gunicorn.py config.wsgi on a free port, against the test database
    (a throwaway SQLite file when the test database lives in memory)."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ,
           "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": database_url() or f"sqlite:///{tmp_path / 'empty.sqlite3'}",
           "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": "1",
           "GUNICORN_CONTROL_SOCKET": "off"}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "config.wsgi"],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Gunicorn(process, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, f"gunicorn exited:\n{log.read_text()}"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn did not listen:\n{log.read_text()}"
                time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert process.returncode == 0, f"gunicorn did not stop cleanly:\n{log.read_text()}"


def test_gunicorn_serves_the_login_page_and_static_files(gunicorn):
    status, _url, body = gunicorn.get("/accounts/login/")
    assert status == 200
    assert b'name="csrfmiddlewaretoken"' in body

    status, _url, body = gunicorn.get("/static/css/portal.css")
    assert status == 200
    assert body == (ROOT / "static" / "css" / "portal.css").read_bytes()

    with pytest.raises(urllib.error.HTTPError) as missing:
        gunicorn.get("/static/css/no-such-file.css")
    assert missing.value.code == 404

    # The access log line carries the response time.
    assert re.search(rb'"GET /accounts/login/ HTTP/1\.1" 200 .* \d+ms', gunicorn.log.read_bytes())


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the SQLite test database lives in memory, where "
                    "gunicorn's process cannot open it; CI runs this on PostgreSQL (DATABASE_URL=postgres://...)")
def test_gunicorn_signs_in_against_the_test_database(gunicorn):
    UserFactory(username="gunicorn-staff", role=Role.COUNTY_STAFF)

    _status, _url, body = gunicorn.get("/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    status, url, body = gunicorn.get("/accounts/login/", {"csrfmiddlewaretoken": token,
                                                          "username": "gunicorn-staff", "password": PASSWORD})
    assert status == 200
    assert url == gunicorn.base + "/"  # redirected to the dashboard: the user was read from the database
    assert b"gunicorn-staff" in body
