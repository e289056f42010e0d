"""Rosetta, as the site's translators use it: the project's catalogs only, and no markup
in a translation (docs/translations.md)."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from rosetta.views import TranslationFormView

from exhibition import display
from exhibition.catalogs import unexpected_markup

# Rosetta names a message's text field m_<hash>, or m_<hash>_<plural index>.
MESSAGE_FIELD = re.compile(r"^m_(?P<hash>[0-9a-f]+)(?:_\d+)?$")


def packages_catalogs(request, *args, **kwargs):
    """The catalogs of Django and other packages come with the packages: they are code,
    and the checks below cover the project's catalogs."""
    raise Http404


class CheckedTranslationFormView(TranslationFormView):
    """Rosetta's form, which refuses a translation holding markup its source text does
    not have; the translator's other changes on the page are saved."""

    def post(self, request, *args, **kwargs):
        kept = request.POST.copy()
        refused = []
        for field_name, text in request.POST.items():
            match = MESSAGE_FIELD.match(field_name)
            entry = match and self.po_file.find(match["hash"], "md5hash")
            if not entry:
                continue
            markup = unexpected_markup([entry.msgid, entry.msgid_plural], [text])
            if markup:
                del kept[field_name]
                refused.append((entry.msgid, markup))
        if not refused:
            return super().post(request, *args, **kwargs)
        request.POST = kept
        super().post(request, *args, **kwargs)
        for msgid, markup in refused:
            messages.error(
                request,
                _(
                    "Not saved: the translation of %(source)s contains %(markup)s, which "
                    "the original does not. Translations are shown as plain text: use "
                    '< > & " only where the original has them (write « » for quotation '
                    "marks)."
                )
                % {
                    "source": display.quoted(Truncator(msgid).chars(60)),
                    "markup": "  ".join(markup),
                },
            )
        # Back to the same page, where the refused translation can be corrected.
        return HttpResponseRedirect(request.get_full_path())
