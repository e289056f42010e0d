"""Article text on save: sanitize the body's HTML, normalize every text field through
``exhibition.persian`` and build the search document. Letter, digit and spacing rules
live in ``exhibition.persian``; this module only deals with HTML structure."""

from __future__ import annotations

import difflib
import html
import re

import nh3

from exhibition import persian

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "figure",
    "figcaption",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
TEXT_FIELDS = ("kicker", "title", "lead")
# Names and credits: cleaned (bidi controls and other invisibles removed), not respelled.
PLAIN_FIELDS = ("reporter", "source_agency", "image_caption", "image_alt_fa", "image_alt_en")

# nh3 output is well formed, so tags and text alternate and text never holds '<'.
_TAG_SPLIT_RE = re.compile(r"(<[^>]*>)")
_LOOKS_LIKE_HTML_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_EDGE_SPACE_RE = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)
_BLOCK_TAG_RE = re.compile(r"</?(?:p|li|h[2-4]|blockquote|figcaption)\b[^>]*>|<br\s*/?>", re.I)


class NormalizationReport:
    """What normalization changed, for the admin's note after save.

    The character counts come from a diff (quadratic in the text's length) that only the
    admin's note reads, so they are computed on first access: the importer saves
    thousands of articles and never looks at them. So is whether the body's text
    changed (its words compared before and after, without the markup).
    """

    def __init__(self):
        self._fields: list[str] = []
        self._pending: list[tuple[str, str]] = []
        self._counts: dict[str, int] | None = None
        self._body: tuple[str, str] | None = None  # compared on first access

    @property
    def fields(self) -> list[str]:
        if self._body is not None:
            before, after = self._body
            self._body = None
            before_text = body_text(before) if "<" in before else before
            after_text = body_text(after)
            # Plain text gaining its <p> markup (or HTML its allowlist) is no change of
            # the text.
            if before_text.split() != after_text.split():
                self._fields.append("body")
                self.count(before_text, after_text)
        return self._fields

    @property
    def changed(self) -> bool:
        return bool(self.fields)

    def field_changed(self, name: str, before: str, after: str) -> None:
        self.fields.append(name)
        self.count(before, after)

    def body_changed(self, before: str, after: str) -> None:
        """The body was rewritten (markup, normalized text): "body" joins the fields,
        last, when its text differs, decided on first access."""
        self.fields  # noqa: B018 - any earlier body first
        self._body = (before, after)

    def count(self, before: str, after: str) -> None:
        self._pending.append((before, after))
        self._counts = None

    @property
    def letters(self) -> int:
        return self._tally()["letters"]

    @property
    def digits(self) -> int:
        return self._tally()["digits"]

    @property
    def spacing(self) -> int:
        return self._tally()["spacing"]

    @property
    def other(self) -> int:
        return self._tally()["other"]

    def _tally(self) -> dict[str, int]:
        self.fields  # noqa: B018 - the body's pair, if its text changed
        if self._counts is None:
            counts = dict.fromkeys(("letters", "digits", "spacing", "other"), 0)
            for before, after in self._pending:
                _count_changes(counts, before, after)
            self._counts = counts
        return self._counts


def _count_pair(counts: dict[str, int], a: str, b: str) -> None:
    if a.isdigit() and b.isdigit():
        counts["digits"] += 1
    elif a.isalpha() and b.isalpha():
        counts["letters"] += 1
    elif a.isspace() or b.isspace() or not (a.isalnum() or b.isalnum()):
        counts["spacing"] += 1
    else:
        counts["other"] += 1


def _count_changes(counts: dict[str, int], before: str, after: str) -> None:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old, new = before[i1:i2], after[j1:j2]
        if op == "replace" and len(old) == len(new):
            for a, b in zip(old, new, strict=True):
                _count_pair(counts, a, b)
            continue
        # Spacing moved around letters or digits («واژه1» -> «واژه ۱»): the spaces and
        # marks are spacing fixes, the letters and digits are compared one for one.
        old_core = [c for c in old if c.isalnum()]
        new_core = [c for c in new if c.isalnum()]
        if len(old_core) != len(new_core):
            counts["other"] += max(len(old), len(new))
            continue
        counts["spacing"] += max(len(old) - len(old_core), len(new) - len(new_core))
        for a, b in zip(old_core, new_core, strict=True):
            if a != b:
                _count_pair(counts, a, b)


def looks_like_html(value: str) -> bool:
    return bool(_LOOKS_LIKE_HTML_RE.search(value))


def sanitize_html(value: str) -> str:
    return nh3.clean(
        value, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener nofollow"
    )


def _normalize_segment(segment: str) -> str:
    lead, middle, trail = _EDGE_SPACE_RE.match(segment).groups()
    if not middle:
        return segment
    return lead + html.escape(persian.normalize(html.unescape(middle)), quote=False) + trail


def normalize_body(body: str) -> str:
    """Plain text becomes one <p> per paragraph; HTML is reduced to the allowlist. Text
    is normalized segment by segment between tags, so markup survives hazm."""
    if not looks_like_html(body):
        paragraphs = persian.split_paragraphs(persian.normalize(body))
        return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    parts = _TAG_SPLIT_RE.split(sanitize_html(body))
    return "".join(p if p.startswith("<") else _normalize_segment(p) for p in parts).strip()


def body_text(body_html: str) -> str:
    """The body's text with one paragraph per line (for search, snippets, feeds)."""
    text = _BLOCK_TAG_RE.sub("\n", body_html)
    text = html.unescape(_TAG_SPLIT_RE.sub("", text))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def body_paragraphs(body_html: str) -> list[str]:
    return persian.split_paragraphs(body_text(body_html))


def repeated_paragraphs(body_html: str) -> list[str]:
    return persian.dedupe_paragraphs(body_paragraphs(body_html))[1]


def all_tag_names(tags) -> list[str]:
    """Every name of every tag, Persian and English: the index must not depend on the
    language that happens to be active when an article is saved."""
    return [name for tag in tags for name in (tag.name_fa, tag.name_en) if name]


def search_document(*, title, kicker, lead, body_html, tag_names) -> str:
    pieces = [title, kicker, lead, body_text(body_html), *tag_names]
    return persian.index_key("\n".join(p for p in pieces if p))


def article_search_document(article) -> str:
    """``search_document`` of a saved article, with the names of its stored tags."""
    return search_document(
        title=article.title,
        kicker=article.kicker,
        lead=article.lead,
        body_html=article.body,
        tag_names=all_tag_names(article.tags.all()),
    )


def prepare_text(parsed) -> None:
    """Do the text work ``normalize_article`` will do for an imported record (normalize
    its fields and body, build its search document), so that ``exhibition.persian``
    remembers the results: import workers run this and hand the results to the saving
    process. The tags are guessed from the record's names; a tag already stored under
    other names only costs the saving process one search document."""
    fields = {name: persian.normalize(getattr(parsed, name, "") or "") for name in TEXT_FIELDS}
    guessed_tags = [
        name
        for names in parsed.tags
        for name in (persian.normalize(names["name_fa"] or names["slug"]), names["name_en"])
        if name
    ]
    search_document(**fields, body_html=normalize_body(parsed.body or ""), tag_names=guessed_tags)


def normalize_article(article, *, tag_names: list[str] | None = None) -> NormalizationReport:
    """Normalize the article's text fields in place, build its search document (with
    ``tag_names``, or the saved tags) and return what changed."""
    report = NormalizationReport()
    for name, before, after in article.normalize_text():  # its normalized_fields: TEXT_FIELDS
        report.field_changed(name, before, after)
    for name in PLAIN_FIELDS:
        before = getattr(article, name) or ""
        after = persian.clean(before) if before else before
        if after != before:
            report.field_changed(name, before, after)
            setattr(article, name, after)
    before = article.body or ""
    after = normalize_body(before)
    if after != before:
        report.body_changed(before, after)
        article.body = after
    if not article.slug:
        article.slug = persian.slugify(article.title) or "news"
    if tag_names is None:
        tag_names = all_tag_names(article.tags.all()) if article.pk else []
    article.search_document = search_document(
        title=article.title,
        kicker=article.kicker,
        lead=article.lead,
        body_html=article.body,
        tag_names=tag_names,
    )
    return report
