"""The client's address for login throttling (django-axes), correct behind a reverse proxy."""
from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The address of whoever sent the request.

    With TRUSTED_PROXY_COUNT = 0 this is REMOTE_ADDR and X-Forwarded-For is ignored, since a
    client can write any value into it. Behind N trusted proxies, each of which appends the
    address it saw to X-Forwarded-For, the client is the N-th entry from the right: entries
    further left were written by the client and are not trusted.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote_addr
    return forwarded[-proxies]
