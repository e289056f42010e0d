"""The exhibition's programme: sessions in the halls, their speakers and who takes part.

Times are stored aware (UTC in the database) and shown in Tehran's time, the site's
TIME_ZONE. Persian text goes through ``exhibition.persian`` on save, as in booths.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from booths.models import Achievement, Exhibitor, Hall, NormalizedTextModel, SisterCity
from exhibition import display, persian

# Addresses under /programme/ that a session's slug must not take.
RESERVED_SLUGS = {"calendar"}


class Speaker(NormalizedTextModel):
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    normalized_fields = ("name_fa", "name_en", "organisation_fa", "organisation_en")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # A speaker has no page of their own: their first session's page names them.
        session = self.sessions.order_by("start", "pk").first()
        return session.get_absolute_url() if session else reverse("programme:programme")


class SessionQuerySet(models.QuerySet):
    def with_details(self):
        """With hall, speakers (in order), exhibitors' stands and sister cities, in a
        fixed number of queries."""
        from booths.models import Stand

        return self.select_related("hall").prefetch_related(
            models.Prefetch(
                "session_speakers",
                queryset=SessionSpeaker.objects.select_related("speaker"),
            ),
            models.Prefetch(
                "exhibitors",
                queryset=Exhibitor.objects.prefetch_related(
                    models.Prefetch("stands", queryset=Stand.objects.select_related("hall"))
                ),
            ),
            "sister_cities",
        )

    def on_day(self, day: datetime.date):
        """Sessions starting on ``day`` in Tehran (the current time zone)."""
        return self.filter(start__date=day)

    def happening_at(self, moment):
        return self.filter(start__lte=moment, end__gt=moment)

    def starting_after(self, moment):
        return self.filter(start__gt=moment)

    def for_exhibitor(self, exhibitor):
        return self.filter(exhibitors=exhibitor)

    def for_delegation(self, delegation):
        """The sessions a sister-city delegation takes part in: it is linked itself, or
        its city is."""
        taking_part = Q(exhibitors=delegation)
        if delegation.sister_city_id:
            taking_part |= Q(sister_cities=delegation.sister_city_id)
        return self.filter(pk__in=Session.objects.filter(taking_part).values("pk"))

    def suggested_for(self, delegation, themes):
        """The sessions a delegation may want besides its own: those on a theme its city
        cares about (``themes``, the city's interests), the most matching themes first,
        then in time order; each carries ``matching_themes`` (how many). Another
        delegation's visit is that delegation's, so it is not suggested."""
        themes = list(themes)
        on_theme = Q(themes__theme__in=themes)
        return (
            self.filter(on_theme)
            .exclude(kind=Session.Kind.DELEGATION_VISIT)
            .exclude(pk__in=Session.objects.for_delegation(delegation).values("pk"))
            .annotate(matching_themes=Count("themes", filter=on_theme, distinct=True))
            .order_by("-matching_themes", "start", "pk")
        )

    def next_boundary(self, moment):
        """The next moment a session starts or ends after ``moment``, or None."""
        starts = self.filter(start__gt=moment).aggregate(first=Min("start"))["first"]
        ends = self.filter(end__gt=moment).aggregate(first=Min("end"))["first"]
        moments = [m for m in (starts, ends) if m]
        return min(moments) if moments else None


class Session(NormalizedTextModel):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening ceremony")
        PANEL = "panel", _("Panel")
        MEMORANDA = "memoranda", _("Signing of memoranda")
        DELEGATION_VISIT = "delegation_visit", _("Delegation visit")
        WORKSHOP = "workshop", _("Workshop")
        TALK = "talk", _("Talk")
        CLOSING = "closing", _("Closing ceremony")

    class Languages(models.TextChoices):
        PERSIAN = "fa", _("Persian")
        ENGLISH = "en", _("English")
        BOTH = "both", _("Persian and English")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    hall = models.ForeignKey(
        Hall,
        verbose_name=_("hall"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    room = models.CharField(
        _("room"),
        max_length=120,
        blank=True,
        help_text=_("Where in the hall, e.g. “Conference room 2”; or a place outside the halls."),
    )
    languages = models.CharField(
        _("languages"), max_length=4, choices=Languages.choices, default=Languages.PERSIAN
    )
    speakers = models.ManyToManyField(
        Speaker,
        verbose_name=_("speakers"),
        through="SessionSpeaker",
        related_name="sessions",
        blank=True,
    )
    exhibitors = models.ManyToManyField(
        Exhibitor,
        verbose_name=_("exhibitors taking part"),
        related_name="sessions",
        blank=True,
    )
    sister_cities = models.ManyToManyField(
        SisterCity, verbose_name=_("sister cities"), related_name="sessions", blank=True
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Part of the page address; made from the English title once, then kept."),
    )
    # The calendar UID: the same event in every calendar that subscribed, whatever the
    # site's host or the session's title and time become.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_("Illustrative content, not a fact."),
    )

    objects = SessionQuerySet.as_manager()

    normalized_fields = (
        "title_fa",
        "title_en",
        "description_fa",
        "description_en",
        "room_fa",
        "room_en",
    )

    class Meta:
        ordering = ["start", "hall__position", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="programme_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(languages__in=["fa", "en", "both"]),
                name="programme_session_languages_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            # Made once: a corrected title must not break links or saved calendar URLs.
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programme:session_detail", kwargs={"slug": self.slug})

    def get_calendar_url(self):
        return reverse("programme:session_ics", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A session ends after it starts.")})

    def unique_slug(self) -> str:
        base = persian.slugify(self.title_en or self.title_fa or "", max_length=190) or "session"
        slug, n = base, 2
        while (
            slug in RESERVED_SLUGS or Session.objects.filter(slug=slug).exclude(pk=self.pk).exists()
        ):
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def local_end(self):
        return timezone.localtime(self.end)

    @property
    def day(self) -> datetime.date:
        return self.local_start.date()

    def kind_in_title(self) -> bool:
        """Whether the title, in the language shown, already says the kind («Workshop:
        urban data», «آیین افتتاحیه نمایشگاه»): a list of sessions then leaves it out."""
        return display.already_says(self.title, self.get_kind_display())

    def ordered_speakers(self):
        return [link.speaker for link in self.session_speakers.all()]

    def stands(self):
        """The linked exhibitors' stands: where to meet them after the session."""
        return [stand for exhibitor in self.exhibitors.all() for stand in exhibitor.stands.all()]


class SessionTheme(models.Model):
    """What a session is about, in the themes of the achievements and the sister cities'
    interests (booths), so a delegation's briefing pack can suggest it."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="themes"
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Achievement.Category.choices)

    class Meta:
        ordering = ["session", "theme"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "theme"], name="programme_sessiontheme_unique"
            ),
        ]

    def __str__(self):
        return f"{self.session}: {self.get_theme_display()}"

    def get_absolute_url(self):
        return self.session.get_absolute_url()


class SessionSpeaker(models.Model):
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="session_speakers",
    )
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        related_name="session_links",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("speaker of a session")
        verbose_name_plural = _("speakers of the session")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"], name="programme_sessionspeaker_unique"
            ),
        ]

    def __str__(self):
        return f"{self.speaker} — {self.session}"

    def get_absolute_url(self):
        return self.session.get_absolute_url()
