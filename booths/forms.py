from django import forms
from django.utils.translation import gettext_lazy as _

from booths.models import DISTRICT_COUNT, Exhibitor, Stand
from exhibition import persian
from exhibition.digits import LatinDigitsFormMixin
from exhibition.display import local_digits
from exhibition.forms import PublicForm


class ExhibitorFilterForm(LatinDigitsFormMixin, PublicForm):
    """The directory's GET filters; invalid values are reported and ignored."""

    latin_digit_fields = ("district",)

    SORT_NAME = "name"
    SORT_STAND = "stand"
    SORT_FEATURED = "featured"
    SORT_CHOICES = [
        (SORT_NAME, _("Name")),
        (SORT_STAND, _("Stand")),
        (SORT_FEATURED, _("Featured first")),
    ]

    # Names, stand codes in any form (booths.stand_codes), sister cities and countries.
    # What to type is a hint beside the box, as on the floor plan, not a placeholder
    # that disappears once typing starts.
    q = forms.CharField(
        label=_("Search the exhibitors"),
        help_text=_("A name, a stand (A-12), a city or a country."),
        required=False,
        max_length=persian.MAX_QUERY_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"aria-describedby": "id_q_help"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    hall = forms.ChoiceField(label=_("Hall"), required=False)
    district = forms.TypedChoiceField(
        label=_("District"), required=False, coerce=int, empty_value=None
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, halls=(), countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        # An empty choice says what it shows, as the news search's «All services».
        self.fields["kind"].choices = [("", _("All kinds")), *Exhibitor.Kind.choices]
        self.fields["hall"].choices = [("", _("All halls"))] + [(h.code, h.name) for h in halls]
        self.fields["district"].choices = [("", _("All districts"))] + [
            (n, local_digits(n)) for n in range(1, DISTRICT_COUNT + 1)
        ]
        self.fields["country"].choices = [("", _("All countries")), *countries]

    def clean_sort(self):
        return self.cleaned_data.get("sort") or self.SORT_NAME

    def filter(self, queryset):
        """Apply the valid filters (all of them when the form is valid)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("hall"):
            in_hall = Stand.objects.filter(hall__code=data["hall"]).values("exhibitor_id")
            queryset = queryset.filter(pk__in=in_hall)
        if data.get("district"):
            queryset = queryset.filter(district=data["district"])
        if data.get("country"):
            queryset = queryset.filter(sister_city__country_code=data["country"])
        if data.get("q"):
            queryset = queryset.search(data["q"])
        sort = data.get("sort") or self.SORT_NAME
        if sort == self.SORT_STAND:
            return queryset.ordered_by_stand()
        if sort == self.SORT_FEATURED:
            return queryset.featured_first()
        return queryset.ordered_by_name()
