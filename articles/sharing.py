"""Share links for an article, as Persian readers share: plain links to each messenger's
own share page (no third-party script on ours), the short link and title URL-encoded."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareLink:
    name: str  # names the icon and the CSS modifier
    label: str
    url: str


def _link(base: str, **params: str) -> str:
    # %20, not "+": some messengers show a "+" in the text literally.
    return f"{base}?{urlencode(params, quote_via=quote)}"


def share_links(*, url: str, title: str) -> list[ShareLink]:
    return [
        ShareLink("telegram", _("Telegram"), _link("https://t.me/share/url", url=url, text=title)),
        # WhatsApp takes one text: the title, then the link.
        ShareLink("whatsapp", _("WhatsApp"), _link("https://wa.me/", text=f"{title}\n{url}")),
        # Eitaa documents no share address; this is the one (Telegram's shape) that other
        # Iranian sites link to. Not checked against Eitaa itself (no network here).
        ShareLink("eitaa", _("Eitaa"), _link("https://eitaa.com/share/url", url=url, text=title)),
        ShareLink("x", _("X"), _link("https://twitter.com/intent/tweet", url=url, text=title)),
    ]
