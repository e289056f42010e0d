"""Public pages of the exhibitor guide; every one runs a fixed number of queries."""

import io

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from booths.forms import ExhibitorFilterForm
from booths.models import DISTRICT_COUNT, Amenity, Exhibitor, Hall, SisterCity, Stand
from booths.plan import hall_plan
from booths.selectors import news_mentioning
from booths.stand_codes import parse_stand_code
from exhibition import csv_safety, display, persian, qr


def _isolated(message: str, **values) -> str:
    """The message with each value quoted, escaped and direction-isolated (<bdi>): a
    Latin stand code inside Persian text, or a Persian address inside English, keeps its
    order."""
    return mark_safe(
        conditional_escape(message)
        % {name: display.quoted_html(value) for name, value in values.items()}
    )


def _country_choices():
    """(code, name) of the countries whose sister cities exhibit, in the alphabet of the
    page: a country without exhibitors would only ever list none."""
    seen = {}
    for city in SisterCity.objects.filter(delegations__isnull=False).distinct():
        seen.setdefault(city.country_code, city.country)
    return sorted(seen.items(), key=lambda item: persian.sort_key(item[1]))


class ExhibitorFilterMixin:
    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = ExhibitorFilterForm(
                self.request.GET,
                halls=list(Hall.objects.all()),
                countries=_country_choices(),
            )
        return self._filter_form

    def filtered_queryset(self):
        return self.get_filter_form().filter(Exhibitor.objects.with_stands())


class ExhibitorListView(ExhibitorFilterMixin, ListView):
    model = Exhibitor
    paginate_by = 24
    filter_names = ("q", "kind", "hall", "district", "country")

    def get_queryset(self):
        return self.filtered_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.get_filter_form()
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            query_string=query.urlencode(),
            is_filtered=any(form.cleaned_data.get(k) for k in self.filter_names),
        )
        return context


class ExhibitorCsvView(ExhibitorFilterMixin, View):
    """The (filtered) directory as a spreadsheet; the BOM makes Excel read UTF-8. Text
    that a spreadsheet would run as a formula is neutralized (exhibition.csv_safety)."""

    columns = [
        "slug",
        "kind",
        "name_fa",
        "name_en",
        "short_name_fa",
        "short_name_en",
        "district",
        "sister_city",
        "stands",
        "website",
        "contact_email",
        "contact_phone",
        "featured",
        "demo_content",
        "url",
    ]

    def get(self, request, *args, **kwargs):
        buffer = io.StringIO()
        writer = csv_safety.SafeWriter(buffer)
        writer.writerow(self.columns)
        for exhibitor in self.filtered_queryset():
            writer.writerow(
                [
                    exhibitor.slug,
                    exhibitor.kind,
                    exhibitor.name_fa or "",
                    exhibitor.name_en or "",
                    exhibitor.short_name_fa or "",
                    exhibitor.short_name_en or "",
                    exhibitor.district or "",
                    exhibitor.sister_city.city_en if exhibitor.sister_city else "",
                    " ".join(stand.code for stand in exhibitor.stands.all()),
                    exhibitor.website,
                    exhibitor.contact_email,
                    exhibitor.contact_phone,
                    "yes" if exhibitor.featured else "no",
                    "yes" if exhibitor.is_demo else "no",
                    request.build_absolute_uri(exhibitor.get_absolute_url()),
                ]
            )
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="exhibitors.csv"'
        return response


class ExhibitorDetailView(DetailView):
    model = Exhibitor
    slug_url_kwarg = "slug"

    def get_queryset(self):
        return Exhibitor.objects.select_related("sister_city")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_district and request.resolver_match.url_name != "district_detail":
            # One page per district: its number is the address people use.
            return redirect(self.object.get_absolute_url(), permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exhibitor = self.object
        context.update(
            stands=list(exhibitor.stands.select_related("hall")),
            achievements=list(exhibitor.achievements.all()),
            mentions=news_mentioning(exhibitor, get_language()),
            district_count=DISTRICT_COUNT,
        )
        return context


class DistrictDetailView(ExhibitorDetailView):
    def get_object(self, queryset=None):
        number = self.kwargs["number"]
        if not 1 <= number <= DISTRICT_COUNT:
            raise Http404(_("Tehran has districts 1 to 22 only."))
        return get_object_or_404(self.get_queryset().districts(), district=number)


class DistrictListView(ListView):
    template_name = "booths/district_list.html"

    def get_queryset(self):
        return Exhibitor.objects.districts().with_achievement_counts()


class FloorPlanView(TemplateView):
    """Every hall at one scale with its facilities. ``?stand=`` (a code in any form),
    ``?q=`` (a code, an exhibitor, a city or a country) or ``?exhibitor=`` (a slug)
    highlight stands: a mini-map of each at the top of the page, so a phone without
    JavaScript lands on it, and the stand marked in its hall (static/js/floor-plan.js
    scrolls it into view and focuses it)."""

    template_name = "booths/floor_plan.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        status = 404 if context["not_found"] else 200
        return self.render_to_response(context, status=status)

    def find(self, stands):
        """(ids of the stands asked for, what was asked, the not-found message, the
        exhibitor asked for by slug)."""
        typed = self.request.GET.get("stand", "").strip()
        q = self.request.GET.get("q", "").strip()[: persian.MAX_QUERY_LENGTH]
        slug = self.request.GET.get("exhibitor", "").strip()
        if typed or (q and parse_stand_code(q)):
            code = parse_stand_code(typed or q)
            matches = {s.pk for s in stands if s.code == code}
            if matches:
                return matches, code, "", None
            shown = code or persian.to_latin_digits(typed or q).upper()
            message = _("There is no stand with the code %(code)s.")
            return set(), None, _isolated(message, code=shown[:20]), None
        if q:
            found = set(Exhibitor.objects.search(q).values_list("pk", flat=True))
            matches = {s.pk for s in stands if s.exhibitor_id in found}
            if matches:
                return matches, q, "", None
            message = _("No stand on the plan matches %(query)s.")
            return set(), None, _isolated(message, query=q[:60]), None
        if slug:
            exhibitor = Exhibitor.objects.filter(slug=slug).first()
            if exhibitor is None:
                message = _("There is no exhibitor at the address %(slug)s.")
                return set(), None, _isolated(message, slug=slug[:60]), None
            own = {s.pk for s in stands if s.exhibitor_id == exhibitor.pk}
            return own, exhibitor, "", exhibitor
        return set(), None, "", None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        halls = list(Hall.objects.all())
        stands = list(Stand.objects.select_related("exhibitor"))
        by_hall, amenities = {}, {}
        for stand in stands:
            by_hall.setdefault(stand.hall_id, []).append(stand)
        for amenity in Amenity.objects.all():
            amenities.setdefault(amenity.hall_id, []).append(amenity)

        current, focus, not_found, exhibitor = self.find(stands)
        if exhibitor is not None and not current:
            context["without_stand"] = exhibitor
            focus = None

        floor_plan_url = reverse("booths:floor_plan")

        def draw(hall, **kwargs):
            hall_stands = by_hall.get(hall.pk, [])
            return hall_plan(
                hall,
                hall_stands,
                current=current & {s.pk for s in hall_stands},
                amenities=amenities.get(hall.pk, []),
                floor_plan_url=floor_plan_url,
                **kwargs,
            )

        plans = [draw(hall) for hall in halls]
        found_halls = [h for h in halls if any(s.pk in current for s in by_hall.get(h.pk, []))]
        context.update(
            plans=plans,
            found=[draw(hall, cropped=True, with_ids=False) for hall in found_halls],
            found_stands=[s for s in stands if s.pk in current],
            focus=focus,
            query=self.request.GET.get("q", "").strip(),
            not_found=not_found,
            has_demo=any(h.is_demo for h in halls) or any(s.is_demo for s in stands),
        )
        return context


class SisterCityListView(ListView):
    model = SisterCity

    def get_queryset(self):
        return SisterCity.objects.prefetch_related("delegations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = list(context["object_list"])
        context.update(
            sister_cities=[c for c in cities if c.relation == SisterCity.Relation.SISTER_CITY],
            memoranda=[c for c in cities if c.relation == SisterCity.Relation.MEMORANDUM],
        )
        return context


class StandSignView(DetailView):
    """A printable A5 sign for a stand, in both languages, with a QR code to its page:
    the exhibitor's page, or the stand on the floor plan while none is assigned. The
    code holds the address without a language prefix (exhibition.qr), so a phone opens
    it in its own language."""

    model = Stand
    template_name = "booths/stand_sign.html"
    context_object_name = "stand"

    def get_object(self, queryset=None):
        code = self.kwargs["code"].strip().upper()
        return get_object_or_404(
            Stand.objects.select_related("hall", "exhibitor", "exhibitor__sister_city"), code=code
        )

    def qr_target(self, stand) -> str:
        page = stand.exhibitor.get_absolute_url() if stand.exhibitor else stand.get_absolute_url()
        return self.request.build_absolute_uri(qr.language_neutral_path(page))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url = self.qr_target(self.object)
        context.update(qr_url=url, qr=qr.qr_svg(url, title=_("QR code: %(url)s") % {"url": url}))
        return context


class StandQrView(StandSignView):
    """The stand's QR code alone, as an SVG file to place in other print work."""

    def get(self, request, *args, **kwargs):
        stand = self.get_object()
        url = self.qr_target(stand)
        response = HttpResponse(qr.qr_svg_document(url, title=url), content_type="image/svg+xml")
        response["Content-Disposition"] = f'inline; filename="stand-{stand.code}-qr.svg"'
        return response
