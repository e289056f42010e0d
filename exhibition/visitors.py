"""Who is asking: a person or a bot, and from where. Used to count article views once
per visitor and day without a session or a cookie."""

from __future__ import annotations

import ipaddress
import re

from django.conf import settings
from ipware import get_client_ip

# Crawlers, link previews and monitors name themselves in the User-Agent; a view by one
# of them is not a reader. An empty User-Agent is not a browser either.
BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|fetch|scrape|monitor|headless|lighthouse"
    r"|facebookexternalhit|embedly|curl/|wget/|python-|httpx|go-http-client|java/|okhttp",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_USER_AGENT.search(user_agent))


def client_ip(request) -> str:
    """The visitor's address as django-axes sees it: the same AXES_IPWARE_* settings say
    which proxies to trust (by default none: REMOTE_ADDR, which cannot be forged)."""
    address, _routable = get_client_ip(
        request,
        proxy_order=getattr(settings, "AXES_IPWARE_PROXY_ORDER", "left-most"),
        proxy_count=getattr(settings, "AXES_IPWARE_PROXY_COUNT", None),
        proxy_trusted_ips=getattr(settings, "AXES_IPWARE_PROXY_TRUSTED_IPS", None),
        request_header_order=getattr(
            settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ("REMOTE_ADDR",)
        ),
    )
    return address or ""


def address_block(address: str) -> str:
    """Who is behind an address, as far as an address can tell: an IPv6 subscriber gets
    a whole /64 and can pick any address in it, so the /64 is one party; IPv4 (and
    anything unparsable) is the address itself."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is an IPv4 client
        return str(parsed.ipv4_mapped)
    return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
