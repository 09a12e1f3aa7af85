"""Counting attempts in Django's cache (settings.CACHES) to slow down guessing and flooding.

The password reset form asks at most `limit` times an hour per client address and per e-mail
address; past that it answers the same neutral page without sending anything (issue #14, item 6).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

PASSWORD_RESET_LIMIT = 5
PASSWORD_RESET_WINDOW = 60 * 60  # seconds


def _key(scope: str, value: str) -> str:
    # Hashed: an address never appears in the cache's keys (memcached/redis listings, logs).
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
    return f"throttle:{scope}:{digest}"


def allow(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one attempt for `value` in `scope`; False once more than `limit` were counted within
    `window` seconds of the first one."""
    key = _key(scope, value)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def password_reset_allowed(*, ip_address: str, email: str) -> bool:
    """Both counters are counted, so a flood from one address also uses up its e-mails' quota."""
    by_ip = allow("pwreset-ip", ip_address, limit=PASSWORD_RESET_LIMIT, window=PASSWORD_RESET_WINDOW)
    by_email = allow("pwreset-email", email, limit=PASSWORD_RESET_LIMIT, window=PASSWORD_RESET_WINDOW)
    return by_ip and by_email
