"""An article page served to a person counts as one view, once per visitor and day
(the page cache middleware calls this for pages served from the cache too)."""

from articles.services import article_record_visit
from exhibition.visitors import address_block, client_ip, is_bot


def count_article_view(request, article_pk: int) -> None:
    """A GET of the article's page by a person counts, once per visitor and day."""
    if request.method != "GET":
        return
    user_agent = request.headers.get("User-Agent", "")
    if is_bot(user_agent):
        return
    address = client_ip(request)
    article_record_visit(
        article_pk=article_pk, visitor=f"{address} {user_agent}", address=address_block(address)
    )
