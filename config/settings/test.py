"""Tests: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-key-not-for-production")
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
# Each test run its own memory cache (CACHE_URL may point a test at Redis or files).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal-tests")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders, as in development; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
