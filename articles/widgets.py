"""The article body's rich-text editor in the admin: django-prose-editor's ProseMirror
bundle, limited to what ``articles.text.sanitize_html`` keeps.

The package's own presets load through an inline import map and Tiptap injects a
``<style>`` element, both refused by the Content Security Policy (no inline script or
style). So the widget renders the package's config on the textarea and our module
``static/js/body-editor.js`` starts the editor from its bundle, with Tiptap's base CSS
in ``static/css/body-editor.css``. The stored HTML is still sanitized by the services
on save (articles.text.normalize_body): the editor only offers what survives it.
"""

import json

from django import forms
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.widgets import ProseEditorWidget

# Paragraphs (always on), line breaks, headings h2–h4, lists, quotes, links, bold and
# italic: articles.text.ALLOWED_TAGS without figure/figcaption, which only imported
# stories carry (tests/articles/test_widgets.py checks the two agree).
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    # No "list properties" (start number, numbering style): the sanitizer drops both.
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    # No "open in a new window" (target is not kept); rel is the sanitizer's.
    "Link": {"enableTarget": False, "HTMLAttributes": {"target": None, "rel": None}},
}

# The package's English labels (button titles, link dialog) in the admin's language:
# the button titles are not translatable upstream and its dialog strings come from a
# JavaScript catalog the admin does not load.
LABELS = {
    "bold": _("Bold"),
    "italic": _("Italic"),
    "heading 2": _("Heading 2"),
    "heading 3": _("Heading 3"),
    "heading 4": _("Heading 4"),
    "paragraph": _("Paragraph"),
    # The block type menu's entries.
    "Paragraph": _("Paragraph"),
    "Heading 2": _("Heading 2"),
    "Heading 3": _("Heading 3"),
    "Heading 4": _("Heading 4"),
    "unordered list": _("Bulleted list"),
    "ordered list": _("Numbered list"),
    "blockquote": _("Quote"),
    "insert link": _("Insert link"),
    "remove link": _("Remove link"),
    "undo": _("Undo"),
    "redo": _("Redo"),
    "Edit Link": _("Edit link"),
    "URL": _("Address (URL)"),
    "Title": _("Title"),
    "Update": _("Update"),
    "Cancel": _("Cancel"),
}


def body_allowlist() -> dict:
    """What the editor can produce, in nh3's terms (for the test against the sanitizer)."""
    return allowlist_from_extensions(BODY_EXTENSIONS)


class BodyEditorWidget(ProseEditorWidget):
    """A textarea the editor replaces; without JavaScript it stays a plain textarea.

    The text direction follows the article's language select (``language_field``), as
    staff may change it while writing: Persian right-to-left, English left-to-right.
    """

    def __init__(self, *, language_field="language", attrs=None):
        super().__init__(
            attrs=attrs, config={"extensions": BODY_EXTENSIONS}, preset="articles-body"
        )
        self.language_field = language_field

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "css/body-editor.css",
                ]
            },
            js=[forms.Script("js/body-editor.js", type="module")],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-editor-module"] = static("django_prose_editor/editor.js")
        widget_attrs["data-language-field"] = self.language_field
        widget_attrs["data-directions"] = json.dumps(
            {
                code: "rtl" if get_language_info(code)["bidi"] else "ltr"
                for code, _name in settings.LANGUAGES
            }
        )
        widget_attrs["data-labels"] = json.dumps(
            {english: str(label) for english, label in LABELS.items()}, ensure_ascii=False
        )
        return context
