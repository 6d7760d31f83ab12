"""Reading one setting from the environment, strictly: a value that is not what the setting takes
stops start-up with ImproperlyConfigured naming the variable (config.settings uses these)."""

import os

from django.core.exceptions import ImproperlyConfigured


def envbool(name: str, default: str = "False") -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envheader(name: str) -> str | None:
    """A request header named in the environment ("X-Forwarded-Proto"), as its request.META key."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not all(c.isalnum() or c in "-_" for c in value):
        raise ImproperlyConfigured(
            f"{name} must be a header name like X-Forwarded-For, got {value!r}"
        )
    key = value.upper().replace("-", "_")
    return key if key == "REMOTE_ADDR" or key.startswith("HTTP_") else f"HTTP_{key}"
