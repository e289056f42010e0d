from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.models import Service
from exhibition import persian


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the news"), max_length=persian.MAX_QUERY_LENGTH, required=False,
        error_messages={"max_length": _(
            "The search is too long: use at most %(limit_value)d characters."
        )},
    )  # fmt: skip
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.all(), required=False,
        to_field_name="slug", empty_label=_("All services"),
    )  # fmt: skip
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date is after the end date."))
        data["query"] = persian.parse_query(data.get("q") or "")
        return data
