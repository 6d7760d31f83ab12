"""The client's address for sign-in throttling (django-axes' AXES_CLIENT_IP_CALLABLE).

Without a proxy it is REMOTE_ADDR. Behind reverse proxies, CLIENT_IP_HEADER names the header they
append to (X-Forwarded-For) and TRUSTED_PROXY_COUNT how many of them append: each adds the address
it received the request from, so the entry that many places from the right was written by the
outermost trusted proxy. Entries further left were written by the client and are never used.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    key = settings.CLIENT_IP_META_KEY
    if not key:
        return remote
    entries = [e.strip() for e in request.META.get(key, "").split(",") if e.strip()]
    count = settings.TRUSTED_PROXY_COUNT
    if len(entries) < count:
        return remote  # did not come through every trusted proxy: the peer is the client
    candidate = entries[-count]
    return candidate if _valid(candidate) else remote
