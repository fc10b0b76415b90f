"""How often one address may do something, counted in the cache every server shares.

A fixed window per address: simple, one cache row per address and window, and enough to
stop a script from filling the database. It is a brake, not an exact quota: the database
cache adds one by reading and then writing, so two requests at the same instant may be
counted once, and a burst across the edge of two windows may reach twice the limit.
"""

import ipaddress
import math
import time

from django.core.cache import cache


class RateLimited(Exception):
    """Too many of an action in the window: try again after `retry_after` seconds."""

    def __init__(self, *, retry_after: int):
        super().__init__(f"too many requests; retry after {retry_after} s")
        self.retry_after = retry_after


def address_group(address: str) -> str:
    """Whom a limit counts: an IPv4 address, or the /64 network of an IPv6 one (a
    household or a phone is given a whole /64, so single IPv6 addresses cost nothing)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def count(action: str, address: str, *, limit: int, seconds: int) -> None:
    """Count one `action` from `address`; past `limit` in the current window of `seconds`,
    raise RateLimited (the action is refused and changes nothing)."""
    now = time.time()
    window = int(now // seconds)
    key = f"rate:{action}:{address_group(address)}:{window}"
    cache.add(key, 0, timeout=seconds)
    try:
        done = cache.incr(key)
    except ValueError:  # the row expired between the two calls: a new window
        cache.set(key, 1, timeout=seconds)
        done = 1
    if done > limit:
        raise RateLimited(retry_after=max(1, math.ceil((window + 1) * seconds - now)))
