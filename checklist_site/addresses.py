"""The address a request came from, as login lockouts and render limits count it."""

from django.conf import settings


def client_address(request) -> str:
    """The client's address, read through `TRUSTED_PROXY_COUNT` reverse proxies.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is the entry that many places from the right; entries
    further left come from the client itself and can be forged. With no trusted proxy, or
    a header shorter than the chain, the address of the connection counts.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
