"""Revisions in the admin: django-simple-history's history list and restore, with each
change shown as a diff of words (a Persian edit is read word by word, not letter by
letter).

Words are split on whitespace only: the zero-width non-joiner is not whitespace, so
«می‌شود» stays one word.
"""

from difflib import SequenceMatcher

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from exhibition import display

# Unchanged words kept on each side of a change; longer unchanged stretches are elided.
CONTEXT_WORDS = 8
ELISION = "…"


def _shown(words: list[str], *, at_start: bool, at_end: bool) -> str:
    """An unchanged stretch, shortened to the words next to the changes around it."""
    keep_before = 0 if at_start else CONTEXT_WORDS  # after the previous change
    keep_after = 0 if at_end else CONTEXT_WORDS  # before the next change
    if len(words) <= keep_before + keep_after + 1:
        return " ".join(words)
    parts = []
    if keep_before:
        parts.append(" ".join(words[:keep_before]))
    parts.append(ELISION)
    if keep_after:
        parts.append(" ".join(words[-keep_after:]))
    return " ".join(parts)


# Matching words is quadratic in the worst case (text of a few words repeated
# thousands of times: seconds per field). Beyond this many word pairs, after the
# unchanged start and end are set aside, the changed middle is shown as removed and
# added as a whole: less precise, never slow.
WORD_PAIRS_LIMIT = 2_000_000


def _common_ends(before: list[str], after: list[str]) -> tuple[int, int]:
    """How many words ``before`` and ``after`` share at the start, and then at the end."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while (
        end < min(len(before), len(after)) - start
        and before[len(before) - 1 - end] == after[len(after) - 1 - end]
    ):
        end += 1
    return start, end


def _opcodes(before: list[str], after: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The difference of the two word lists, matched only between their unchanged start
    and end, so that a long text with one change costs as little as the change."""
    start, end = _common_ends(before, after)
    middle_before, middle_after = before[start : len(before) - end], after[start : len(after) - end]
    if len(middle_before) * len(middle_after) <= WORD_PAIRS_LIMIT:
        middle = SequenceMatcher(None, middle_before, middle_after, autojunk=False).get_opcodes()
    else:
        middle = [("replace", 0, len(middle_before), 0, len(middle_after))]
    opcodes = [("equal", 0, start, 0, start)] if start else []
    opcodes += [
        (tag, i1 + start, i2 + start, j1 + start, j2 + start)
        for tag, i1, i2, j1, j2 in middle
        if i2 > i1 or j2 > j1
    ]
    if end:
        opcodes.append(("equal", len(before) - end, len(before), len(after) - end, len(after)))
    # Neighbouring stretches of equal words (an end and the middle's edge) read as one.
    merged: list[tuple[str, int, int, int, int]] = []
    for opcode in opcodes:
        if merged and opcode[0] == "equal" == merged[-1][0]:
            merged[-1] = ("equal", merged[-1][1], opcode[2], merged[-1][3], opcode[4])
        else:
            merged.append(opcode)
    return merged


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` as escaped HTML: removed words in <del>, added words in <ins>,
    unchanged words as they are (long unchanged stretches elided)."""
    before, after = (old or "").split(), (new or "").split()
    opcodes = _opcodes(before, after)
    parts = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            shown = _shown(before[i1:i2], at_start=index == 0, at_end=index == len(opcodes) - 1)
            parts.append(escape(shown))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(before[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(after[j1:j2])))
    return mark_safe(" ".join(parts))  # each part escaped above


class WordDiffContextHelper(HistoricalRecordContextHelper):
    """Each changed field of a revision as {"field", "diff"} for the history list."""

    def context_for_delta_changes(self, delta):
        return [
            {
                "field": capfirst(self.model._meta.get_field(change.field).verbose_name),
                "diff": word_diff(
                    self.display(change.field, change.old), self.display(change.field, change.new)
                ),
            }
            for change in delta.changes
        ]

    def display(self, name, value) -> str:
        if value is None or value == "":
            return ""
        field = self.model._meta.get_field(name)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        return str(value)


class RevisionAdmin(SimpleHistoryAdmin):
    """The admin of a model with ``history``: a History page listing every revision
    (who, when, and a word diff of each field) and a Revert button on each revision.

    A restore goes through the revision's form and ``save_model`` (so through the
    model's save() and a new revision by the restoring user); ``restored()`` is called
    after it, for what ``save_related`` would otherwise do."""

    def get_historical_record_context_helper(self, request, historical_record):
        return WordDiffContextHelper(self.model, historical_record)

    # The library's titles are not in any Persian catalog: the project's own words.
    def history_view_title(self, request, obj):
        return _("Revisions of %(object)s") % {"object": display.quoted(obj)}

    def history_form_view_title(self, request, obj):
        return _("Revision of %(object)s") % {"object": display.quoted(obj)}

    def history_view(self, request, object_id, extra_context=None):
        self.check_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.check_ids(object_id, version_id)
        if request.method == "POST" and not self.has_change_history_permission(request):
            # The library saves a posted revision for anyone who may view it.
            raise PermissionDenied
        if request.method != "POST":
            extra_context = {
                **(extra_context or {}),
                "restore_changes": self.restore_changes(request, unquote(object_id), version_id),
            }
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_manager(self):
        return getattr(self.model, self.model._meta.simple_history_manager_attribute)

    def check_ids(self, object_id, version_id=None):
        """An address with a key that is no key («abc») is a 404, not a database error."""
        history_model = self.history_manager().model
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                history_model._meta.pk.to_python(version_id)
        except ValidationError as exc:
            raise Http404 from exc

    def restore_changes(self, request, object_id, version_id):
        """What restoring the revision would change in the current row, word by word."""
        revisions = self.history_manager().filter(**{self.model._meta.pk.attname: object_id})
        revision = revisions.filter(pk=version_id).first()
        latest = revisions.first()  # newest first
        if revision is None or latest is None or revision.pk == latest.pk:
            return []
        helper = self.get_historical_record_context_helper(request, revision)
        return helper.context_for_delta_changes(revision.diff_against(latest))

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        if self.is_restore(request):
            # A restore changes only what this user may edit: a field read-only to them
            # (e.g. an article's status without the publish permission) keeps its
            # current value, not the revision's.
            names = {f.name: f.attname for f in obj._meta.concrete_fields}
            keep = [names[n] for n in self.get_readonly_fields(request, obj) if n in names]
            if keep:
                current = type(obj)._base_manager.filter(pk=obj.pk).values(*keep).first() or {}
                for attname, value in current.items():
                    setattr(obj, attname, value)
        return obj

    def is_restore(self, request):
        match = request.resolver_match
        return match is not None and match.url_name.endswith("_simple_history")

    def response_change(self, request, obj):
        if self.is_restore(request):
            self.restored(request, obj)
        return super().response_change(request, obj)

    def restored(self, request, obj):
        """Called after ``obj`` was restored from one of its revisions."""


def record_existing_rows(apps, model_name: str) -> None:
    """A first revision ("created", by no one) for each row already stored, so that the
    first edit after this migration shows what it changed and can be undone."""
    model = apps.get_model(model_name)
    historical = apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
    columns = [
        f.attname for f in historical._meta.concrete_fields if not f.name.startswith("history_")
    ]
    now = timezone.now()
    batch = []
    for row in model.objects.order_by("pk").values(*columns).iterator(chunk_size=500):
        batch.append(historical(**row, history_date=now, history_type="+"))
        if len(batch) == 500:
            historical.objects.bulk_create(batch)
            batch = []
    historical.objects.bulk_create(batch)
