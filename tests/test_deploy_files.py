"""The process definitions (Procfile, deploy/systemd/*.service) start programs that are installed,
with config files and modules that exist; the units are hardened; deploy/portal.env.example names
every variable the settings and the scripts read."""
import configparser
import importlib
import importlib.util
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery
from celery.utils.imports import symbol_by_name
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django_celery_beat.schedulers import DatabaseScheduler

ROOT = Path(settings.BASE_DIR)
UNITS = {name: ROOT / "deploy" / "systemd" / f"portal-{name}.service" for name in ("web", "worker", "beat")}
ENV_EXAMPLE = ROOT / "deploy" / "portal.env.example"
INSTALL_ROOT = "/srv/portal/app"  # where the units expect the checkout
VENV_BIN = Path(sys.executable).parent


def procfile() -> dict[str, str]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = command.strip()
    return processes


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(UNITS[name].read_text())
    return parser


def env_example() -> dict[str, str]:
    """KEY=value lines, commented-out ones included (they document a default)."""
    return dict(re.findall(r"^#?([A-Z][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE.read_text(), flags=re.M))


def option(args: list[str], name: str) -> str:
    for i, arg in enumerate(args):
        if arg == name:
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    raise AssertionError(f"{name} missing from {args}")


def check_command(process: str, args: list[str], root: str = ""):
    """The program is installed, its config files exist, its modules import and are what the
    process needs. `root` is the install path the arguments start with (systemd), or ''."""
    program = Path(args[0]).name
    if root:
        assert args[0] == f"{root}/.venv/bin/{program}", args[0]
    assert (VENV_BIN / program).exists(), f"{program} is not installed in {VENV_BIN}"
    local = [ROOT / a[len(root) + 1:] if root else ROOT / a for a in args[1:]
             if (a.startswith(root + "/") if root else not a.startswith("-") and "/" in a)]
    for path in local:
        assert path.is_file(), f"{process}: {path} does not exist"

    if process == "web":
        assert program == "gunicorn"
        config = option(args, "-c")
        assert config == (f"{root}/config/gunicorn.py" if root else "config/gunicorn.py")
        wsgi = importlib.import_module(args[-1])
        assert isinstance(wsgi.application, WSGIHandler)
        return
    assert program == "celery"
    app = importlib.import_module(option(args, "-A") + ".celery").app  # what `celery -A config` finds
    assert isinstance(app, Celery) and app.main == "portal"
    if process == "worker":
        assert args[args.index("-A") + 2] == "worker"
        assert option(args, "--concurrency")
        assert option(args, "--max-tasks-per-child")
    else:
        assert args[args.index("-A") + 2] == "beat"
        scheduler = option(args, "--scheduler")
        assert symbol_by_name(scheduler) is DatabaseScheduler
        assert scheduler == settings.CELERY_BEAT_SCHEDULER == app.conf.beat_scheduler


def test_procfile_defines_web_worker_and_beat():
    processes = procfile()
    assert set(processes) == {"web", "worker", "beat"}
    for name, command in processes.items():
        check_command(name, shlex.split(command))


@pytest.mark.parametrize("name", UNITS)
def test_systemd_unit_starts_an_installed_program(name):
    service = unit(name)["Service"]
    assert service["WorkingDirectory"] == INSTALL_ROOT
    check_command(name, shlex.split(service["ExecStart"]), root=INSTALL_ROOT)


@pytest.mark.parametrize("name", UNITS)
def test_systemd_unit_is_hardened(name):
    parsed = unit(name)
    service = parsed["Service"]
    assert service["User"] == service["Group"] == "portal"
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/portal/portal.env"
    assert service["NoNewPrivileges"] == "true"
    assert service["PrivateTmp"] == "true"
    assert service["ProtectSystem"] in ("full", "strict")
    assert service["ReadWritePaths"].split() == [env_example()["MEDIA_ROOT"]]
    assert parsed["Install"]["WantedBy"] == "multi-user.target"


def test_worker_unit_defaults_the_variables_its_command_uses():
    parsed = unit("worker")["Service"]
    defaults = dict(line.split("=", 1) for line in
                    re.findall(r"^Environment=(.*)$", UNITS["worker"].read_text(), flags=re.M))
    used = set(re.findall(r"\$\{(\w+)\}", parsed["ExecStart"]))
    assert used and used <= set(defaults)


def read_variables() -> set[str]:
    """Every environment variable the settings, the gunicorn config, the process definitions
    and the backup script read."""
    names = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        names |= set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", path.read_text()))
    names |= set(re.findall(r"os\.environ\.get\(\"([A-Z0-9_]+)\"", (ROOT / "config" / "gunicorn.py").read_text()))
    names |= set(re.findall(r"_int\(\"([A-Z0-9_]+)\"", (ROOT / "config" / "gunicorn.py").read_text()))
    for path in [ROOT / "Procfile", *UNITS.values()]:
        names |= set(re.findall(r"\$\{(\w+)", path.read_text()))
    names |= set(re.findall(r"\$\{(BACKUP_\w+|MEDIA_ROOT|DATABASE_URL)", (ROOT / "scripts" / "backup.sh").read_text()))
    return names


def test_env_example_lists_every_variable_read():
    variables = read_variables()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "GUNICORN_BIND", "BACKUP_DIR"} <= variables
    missing = variables - set(env_example())
    assert not missing, f"deploy/portal.env.example does not mention {sorted(missing)}"


def test_env_example_holds_no_secret_and_selects_production():
    example = env_example()
    assert example["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert importlib.util.find_spec(example["DJANGO_SETTINGS_MODULE"])
    assert example["SECRET_KEY"] == ""  # production refuses to start until one is set
    assert "CHANGE-ME" in example["DATABASE_URL"]
    assert example["DJANGO_DEBUG"] == "false"


@pytest.mark.parametrize("script", ["scripts/backup.sh", "scripts/restore.sh", "deploy/portal-manage"])
def test_scripts_are_valid_bash(script):
    path = ROOT / script
    assert path.stat().st_mode & 0o111, f"{script} is not executable"
    subprocess.run(["bash", "-n", str(path)], check=True)


def test_backup_refuses_a_database_it_cannot_dump(tmp_path):
    result = subprocess.run(["bash", str(ROOT / "scripts" / "backup.sh")], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
                                 "BACKUP_DIR": str(tmp_path / "backups")})
    assert result.returncode != 0
    assert "not a PostgreSQL URL" in result.stderr
    assert not (tmp_path / "backups").exists()


def test_restore_without_arguments_prints_its_usage():
    result = subprocess.run(["bash", str(ROOT / "scripts" / "restore.sh")], capture_output=True, text=True)
    assert result.returncode == 64
    assert result.stderr.startswith("usage: scripts/restore.sh")
