"""The one way a model stores its text normalized: ``NormalizedTextMixin``.

A model lists its ``normalized_fields``; its save path calls ``normalize_text()``, which
puts each through ``persian.normalize`` (booths' models on every save, articles through
``articles.text.normalize_article``, which also cleans the body's HTML and reports what
changed). Validation checks length limits on the text as it will be stored: normalizing
can lengthen a text («واژه1» becomes «واژه ۱»), so a title that fitted in the form could
overflow its column (stored over-long by SQLite, refused by PostgreSQL with a 500).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from exhibition import persian


class NormalizedTextMixin:
    """For a model whose ``normalized_fields`` are stored through ``persian.normalize``:
    ``normalize_text`` normalizes them in place, and ``clean_fields`` also checks each
    one's ``max_length`` against its normalized text."""

    normalized_fields: tuple[str, ...] = ()

    def normalize_text(self) -> list[tuple[str, str, str]]:
        """Normalize every field of ``normalized_fields`` in place; returns (name, before,
        after) for each field that changed, in ``normalized_fields`` order."""
        changes = []
        for name in self.normalized_fields:
            before = getattr(self, name)
            if not before:
                continue
            after = persian.normalize(before)
            if after != before:
                setattr(self, name, after)
                changes.append((name, before, after))
        return changes

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        skipped = set(exclude or ()) | set(errors)
        for name in self.normalized_fields:
            limit = self._meta.get_field(name).max_length
            value = getattr(self, name)
            if name in skipped or not value or limit is None or len(value) > limit:
                continue
            length = len(persian.normalize(value))
            if length > limit:
                errors[name] = [
                    ValidationError(
                        _(
                            "Once its spelling is normalized (digits, spacing, letters) this "
                            "text has %(length)d characters; at most %(limit)d are allowed."
                        ),
                        code="max_length",
                        params={"length": length, "limit": limit},
                    )
                ]
        if errors:
            raise ValidationError(errors)
