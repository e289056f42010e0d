"""Sections other apps add to the article page, e.g. booths' exhibitors a story names.

``booths`` may use ``articles``, never the reverse, and that holds for templates too:
an article template that loaded booths' tag library would fail without booths and
would tie the news pages to booths' fields. So the article page names no other app: an
app appends a template of its own here in its ``AppConfig.ready()``, and the page
includes each (``{% article_sections %}``, tag library ``news``) with its context,
``article`` among it. The app's template loads its own tags and fetches its own data.
"""

ARTICLE_SECTIONS: list[str] = []


def add_article_section(template_name: str) -> None:
    """Show ``template_name`` on every article page (once, however often it is added)."""
    if template_name not in ARTICLE_SECTIONS:
        ARTICLE_SECTIONS.append(template_name)
