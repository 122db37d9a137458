"""Production: refuses to start without SECRET_KEY and ALLOWED_HOSTS."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Monitors may probe /health/ over plain http on the host itself; everything else goes to https.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# security.W021 (HSTS preload off) is silenced on purpose: joining the browsers' preload list binds
# the whole registrable domain and every subdomain to HTTPS for months and cannot be undone
# quickly, so it is a decision for whoever runs the county's domain, not a default of this
# portal (which usually sits on a subdomain that cannot be submitted by itself). Set
# SECURE_HSTS_PRELOAD=true once the domain's owner has decided to preload it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# nginx in front appends the client's address to X-Forwarded-For: the login lockout counts
# failures per address, so it reads that entry (accounts.security.client_ip_address). Set 0 if
# the portal is ever exposed without a proxy, 2 behind two proxies.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
