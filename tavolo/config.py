"""Configuration read from the environment.

Every setting has a safe default so that ``make run`` works on a fresh machine; production
overrides them with ``TAVOLO_*`` environment variables (documented in the README).
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on", "si", "sì"}


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return default if value is None else int(value)


def load_or_create_secret_key(instance_path: str) -> str:
    """Return the secret key stored in the instance folder, creating it on first use.

    The key is generated once with the operating system's random source and written with
    permissions 0600, so a fresh deployment never runs with a constant or empty key and
    sessions survive restarts.
    """
    path = Path(instance_path) / "secret_key"
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: two workers starting together must not both write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    return key


def _normalise_database_url(url: str) -> str:
    """Accept the usual ``postgres://`` and ``postgresql://`` spellings; use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def from_environment(instance_path: str) -> dict:
    """Build the Flask configuration mapping from ``TAVOLO_*`` environment variables."""
    database_url = _env("TAVOLO_DATABASE_URL")
    if database_url is None:
        database_url = "sqlite:///" + str(Path(instance_path) / "tavolo.sqlite3")
    database_url = _normalise_database_url(database_url)

    secret_key = _env("TAVOLO_SECRET_KEY") or load_or_create_secret_key(instance_path)

    mail_server = _env("TAVOLO_MAIL_SERVER")
    max_upload_mb = _env_int("TAVOLO_MAX_UPLOAD_MB", 25)
    return {
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PUBLIC_URL": (_env("TAVOLO_PUBLIC_URL") or "").rstrip("/"),
        "SITE_NAME": _env("TAVOLO_SITE_NAME", "Tavolo Tecnico Lavoro"),
        "SITE_OWNER": _env("TAVOLO_SITE_OWNER", "Circoscrizione 2 – Città di Torino"),
        # Open data and the API: the licence the published data come with.
        "OPEN_DATA_LICENSE": _env("TAVOLO_OPEN_DATA_LICENSE", "CC BY 4.0"),
        "OPEN_DATA_LICENSE_URL": _env("TAVOLO_OPEN_DATA_LICENSE_URL",
                                      "https://creativecommons.org/licenses/by/4.0/deed.it"),
        # Requests with a personal API token, per token (Flask-Limiter notation).
        "API_RATE_LIMIT": _env("TAVOLO_API_RATE_LIMIT", "600 per minute"),
        # Mail: nothing is sent unless a server is configured; messages wait in the outbox.
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": _env_int("TAVOLO_MAIL_PORT", 587 if mail_server else 25),
        "MAIL_USERNAME": _env("TAVOLO_MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("TAVOLO_MAIL_PASSWORD"),
        "MAIL_USE_TLS": _env_bool("TAVOLO_MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _env_bool("TAVOLO_MAIL_USE_SSL", False),
        "MAIL_TIMEOUT": _env_int("TAVOLO_MAIL_TIMEOUT", 30),
        "MAIL_SENDER": _env("TAVOLO_MAIL_SENDER", "Tavolo Tecnico Lavoro <noreply@localhost>"),
        # How long a write waits for another writer before answering 503 (issue 16).
        "DATABASE_LOCK_TIMEOUT_MS": _env_int("TAVOLO_DATABASE_LOCK_TIMEOUT_MS", 5000),
        "OUTBOX_BATCH_SIZE": _env_int("TAVOLO_OUTBOX_BATCH_SIZE", 100),
        # A message left "In invio" by a run that died is taken up again after this long.
        "OUTBOX_LEASE_MINUTES": _env_int("TAVOLO_OUTBOX_LEASE_MINUTES", 15),
        "UNSUBSCRIBE_LINK_DAYS": _env_int("TAVOLO_UNSUBSCRIBE_LINK_DAYS", 365),
        # Rate limits: in memory for one process; Redis when several workers or hosts serve.
        "RATELIMIT_STORAGE_URI": _env("TAVOLO_RATELIMIT_STORAGE_URI", "memory://"),
        # Feed bodies shared by the workers: files in the instance folder, or Redis with a
        # redis:// address (several hosts).
        "CALENDAR_CACHE_URL": _env("TAVOLO_CALENDAR_CACHE_URL", ""),
        "RATELIMIT_ENABLED": _env_bool("TAVOLO_RATELIMIT_ENABLED", True),
        "LOGIN_LIMIT_PER_IP": _env("TAVOLO_LOGIN_LIMIT_PER_IP", "20 per 15 minutes"),
        "LOGIN_LIMIT_PER_ACCOUNT": _env("TAVOLO_LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "INVITATION_MAX_AGE_DAYS": _env_int("TAVOLO_INVITATION_MAX_AGE_DAYS", 7),
        "PASSWORD_RESET_MAX_AGE_HOURS": _env_int("TAVOLO_PASSWORD_RESET_MAX_AGE_HOURS", 2),
        "COOKIE_SECURE": _env_bool("TAVOLO_COOKIE_SECURE", True),
        "PROXY_COUNT": _env_int("TAVOLO_PROXY_COUNT", 0),
        # Uploads: one file at most MAX_UPLOAD_MB; a request may carry a little more (the
        # other fields of the form), anything bigger is cut off with 413 before it is read.
        "MAX_UPLOAD_MB": max_upload_mb,
        "MAX_CONTENT_LENGTH": (max_upload_mb + 1) * 1024 * 1024,
        "UPLOAD_PATH": _env("TAVOLO_UPLOAD_PATH") or str(Path(instance_path) / "uploads"),
        "DEMO_PASSWORD": _env("TAVOLO_DEMO_PASSWORD", "tavolo-demo-2026"),
        "SEED_DIR": _env("TAVOLO_SEED_DIR"),
    }
