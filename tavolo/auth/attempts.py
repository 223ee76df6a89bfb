"""Login attempts, counted before the password is checked.

Each attempt is first added to two counters in the rate limiter's storage (per client
address and per account); the password is checked only if both are still within their
limit. The storage's increment is atomic, so a burst of concurrent guesses can never have
more passwords checked than the limit allows (reading the count and writing it afterwards
let 15 of 15 through). A successful login was not a failure: the account's counter starts
again from zero and the address gets its attempt back.
"""

from __future__ import annotations

from flask import current_app
from limits import RateLimitItem, parse
from limits.strategies import FixedWindowRateLimiter

from tavolo.auth.models import normalise_email
from tavolo.extensions import _client_address, limiter


def _counters(email: str) -> list[tuple[RateLimitItem, str, str]]:
    config = current_app.config
    return [
        (parse(config["LOGIN_LIMIT_PER_IP"]), "login-ip", _client_address()),
        (parse(config["LOGIN_LIMIT_PER_ACCOUNT"]), "login-account",
         "account:" + normalise_email(email)),
    ]


def _enabled() -> bool:
    return bool(limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True))


def reserve(email: str) -> bool:
    """Count one attempt for this address and account; False when either limit is spent
    (the password must then not be checked)."""
    if not _enabled():
        return True
    allowed = True
    for item, scope, key in _counters(email):
        # Both counters grow even when the first refuses, so that a locked address cannot
        # be used to probe an account without it counting.
        if not limiter.limiter.hit(item, scope, key):
            allowed = False
    return allowed


def succeeded(email: str) -> None:
    """The attempt logged in: clear the account's failures, give the address its attempt
    back (with the default fixed-window strategy; other strategies keep it counted)."""
    if not _enabled():
        return
    (ip_item, ip_scope, ip_key), (account_item, account_scope, account_key) = _counters(email)
    limiter.limiter.clear(account_item, account_scope, account_key)
    if isinstance(limiter.limiter, FixedWindowRateLimiter):
        limiter.limiter.hit(ip_item, ip_scope, ip_key, cost=-1)
