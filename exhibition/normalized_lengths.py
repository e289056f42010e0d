"""Length limits checked on text as it will be stored, i.e. normalized.

Models normalize their Persian text when they save, after validation: normalizing can
lengthen a text («واژه1» becomes «واژه ۱»), so a title that fitted in the form could
overflow its column (stored over-long by SQLite, refused by PostgreSQL with a 500).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from exhibition import persian


class NormalizedLengthsMixin:
    """For a model whose ``normalized_fields`` go through ``persian.normalize`` on save:
    ``clean_fields`` also checks each one's ``max_length`` against its normalized text."""

    normalized_fields: tuple[str, ...] = ()

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
