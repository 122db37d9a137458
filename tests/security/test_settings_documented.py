"""Every setting read from the environment is in the README's table, and the embedded default
shares its cache between processes (an import's progress is seen by the page that polls it)."""
import pathlib
import re
import subprocess
import sys

from django.conf import settings

ROOT = pathlib.Path(settings.BASE_DIR)


def environment_names() -> set[str]:
    names = set()
    for path in [*(ROOT / "config" / "settings").glob("*.py"), *(ROOT / "config").glob("*.py")]:
        names |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text()))
    return names


def test_every_environment_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    names = environment_names()
    assert len(names) > 20
    missing = sorted(n for n in names if f"`{n}`" not in table)
    assert not missing, f"settings read from the environment but not in the README's table: {missing}"


def test_the_embedded_default_cache_is_shared_between_processes(tmp_path):
    script = ("import django; django.setup(); from django.core.cache import cache; "
              "from django.conf import settings; import sys; "
              "print(settings.CACHES['default']['BACKEND']); "
              "cache.set('probe', sys.argv[1]) if sys.argv[1] != '-' else print(cache.get('probe'))")
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "CACHE_DIR": str(tmp_path / "cache"),
           "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", script, "written"], env=env, cwd=ROOT, capture_output=True,
                           text=True, check=True)
    assert first.stdout.strip() == "django.core.cache.backends.filebased.FileBasedCache"
    second = subprocess.run([sys.executable, "-c", script, "-"], env=env, cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert second.stdout.split() == ["django.core.cache.backends.filebased.FileBasedCache", "written"]
