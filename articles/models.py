from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles import text
from articles.fingerprints import article_fingerprint
from articles.images import CheckedImageField, validate_image_file
from articles.text import TEXT_FIELDS
from exhibition import display, persian
from exhibition.normalized_text import NormalizedTextMixin

TRANSLATED_TEXT_FIELDS = ("title", "lead", "body")


class Language(models.TextChoices):
    PERSIAN = "fa", _("Persian")
    ENGLISH = "en", _("English")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # A reporter's finished draft, waiting for an editor (articles.services).
    IN_REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


def normalize_names(obj, normalize=persian.normalize) -> None:
    """Both languages' names (``name`` alone is only the active language's)."""
    for code in settings.MODELTRANSLATION_LANGUAGES:
        field = f"name_{code}"
        if value := getattr(obj, field):
            setattr(obj, field, normalize(value))


class Desk(models.Model):
    """A news desk, e.g. urban management or international. Iranian newsrooms call it a
    «سرویس» ("service"), and so do the site's pages and URLs (/news/service/<slug>/, as on
    Mehr's site); the code says desk so that it is not confused with services.py."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Cleaned (bidi controls and invisibles out), not respelled: it cannot outgrow
        # its column, which the importer checks before saving.
        normalize_names(self, persian.clean)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:desk", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Keep the zero-width non-joiner (نیم‌فاصله).")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        normalize_names(self)
        if not self.slug:
            self.slug = persian.slugify(self.name, max_length=120) or "tag"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class NewsCodeCounter(models.Model):
    """The last news code handed out; a counter (not max+1) so a deleted article's code
    is never given to another article."""

    last = models.PositiveBigIntegerField(_("last news code"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("news code counter")
        verbose_name_plural = _("news code counters")

    def __str__(self):
        return str(self.last)


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Public articles: published, and the publish time has come (scheduled ones
        appear by themselves, no cron)."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())

    def in_review(self):
        """The editors' queue: submitted, waiting to be published or returned."""
        return self.filter(status=Status.IN_REVIEW)

    def in_language(self, language):
        return self.filter(language=language)

    def public(self, language, now=None):
        """What a reader of ``language`` may see: the public articles written in it (each
        edition is its own articles; a translation is a separate, paired article)."""
        return self.published(now).in_language(language)

    def related_to(self, article):
        """Other public articles in ``article``'s language, from its service when it has
        one: the article page's "related news"."""
        related = self.public(article.language).exclude(pk=article.pk)
        if article.desk_id:
            related = related.filter(desk_id=article.desk_id)
        return related

    def most_viewed(self):
        """Most viewed first; newest first among equals."""
        return self.order_by("-view_count", "-published_at", "-news_code")

    def most_viewed_in(self, period_start=None):
        """Most viewed since the day ``period_start`` (a date in Tehran, inclusive),
        newest first among equals; ``period_views`` is each one's count. Only articles
        viewed in the period. ``None``: all time (``view_count``, which also holds the
        views counted before there were daily counts)."""
        if period_start is None:
            return self.annotate(period_views=F("view_count")).most_viewed()
        # Filter before annotate: the sum covers only the period's rows, read through
        # the (date, article) index.
        return (
            self.filter(daily_views__date__gte=period_start)
            .annotate(period_views=Sum("daily_views__views"))
            .order_by("-period_views", "-published_at", "-news_code")
        )

    def for_listing(self):
        return self.select_related("desk")

    def matching_with_pair(self, **lookups):
        """Articles that match ``lookups`` themselves or through their pair: an English
        translation often carries no service or tags of its own, its Persian source does."""
        condition = Q()
        for prefix in ("", "paired__", "paired_from__"):
            condition |= Q(**{f"{prefix}{key}": value for key, value in lookups.items()})
        return self.filter(condition).distinct()

    def in_other_languages(self, language):
        # "language IN (the others)", not "language <> language": the recency index can
        # serve an equality, and then the newest few are found without reading them all.
        return self.filter(language__in=[code for code in Language.values if code != language])

    def corrected(self):
        """Articles with a published correction, the latest correction first."""
        return self.filter(corrected_at__isnull=False).order_by("-corrected_at", "-news_code")

    def missing_translation(self, language="en"):
        """Articles in other languages that have no pair in ``language`` yet."""
        return self.in_other_languages(language).filter(
            paired__isnull=True, paired_from__isnull=True
        )

    def without_public_translation(self, language):
        """Articles in other languages whose version in ``language`` is not public (none
        yet, a draft, or scheduled): what a reader of ``language`` cannot read otherwise."""
        public = self.model.objects.public(language)
        return (
            self.in_other_languages(language)
            .exclude(paired__in=public)
            .exclude(paired_from__in=public)
        )


def image_upload_to(instance, filename):
    return f"articles/{timezone.now():%Y/%m}/{filename}"


class Article(NormalizedTextMixin, models.Model):
    normalized_fields = (*TEXT_FIELDS, "correction_note")

    news_code = models.PositiveBigIntegerField(
        _("news code"), unique=True, editable=False, help_text=_("Shown as “کد خبر”; never reused.")
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.PERSIAN
    )
    kicker = models.CharField(_("kicker"), max_length=300, blank=True, help_text=_("روتیتر"))
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        blank=True,
        help_text=_("Filled from the title when left empty."),
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("لید: the summary paragraph."))
    body = models.TextField(
        _("body"), help_text=_("Paragraphs separated by blank lines, or simple HTML.")
    )
    desk = models.ForeignKey(
        Desk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("service"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    reporter = models.CharField(_("reporter"), max_length=150, blank=True)
    source_agency = models.CharField(_("source agency"), max_length=150, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    paired = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paired_from",
        verbose_name=_("paired article"),
        help_text=_("The same story in the other language."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the article: it appears by itself then."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    image = CheckedImageField(
        _("image"),
        upload_to=image_upload_to,
        blank=True,
        width_field="image_width",
        height_field="image_height",
        validators=[validate_image_file],
        help_text=_("JPEG, PNG or WebP. Location and camera data are removed on save."),
    )
    # Both languages whatever the article's: the paired translation shows the same image.
    image_alt_fa = models.CharField(
        _("image description (Persian)"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it (alt text)."),
    )
    image_alt_en = models.CharField(
        _("image description (English)"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it (alt text)."),
    )
    # Stored (after the EXIF orientation is applied): pages set width and height from
    # them, so nothing moves as the image loads, without opening the file.
    image_width = models.PositiveIntegerField(_("image width"), null=True, editable=False)
    image_height = models.PositiveIntegerField(_("image height"), null=True, editable=False)
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    source_text = models.TextField(
        _("source text"),
        blank=True,
        editable=False,
        help_text=_("The raw imported text, kept for provenance."),
    )
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("SHA-256 of the imported source; re-imports are recognised by it."),
    )
    imported_fingerprint = models.CharField(
        _("imported fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "SHA-256 of the editable fields as the last import stored them: a "
            "re-import tells from it whether staff edited the article since."
        ),
    )
    search_document = models.TextField(_("search document"), blank=True, editable=False)
    translation_outdated = models.BooleanField(
        _("needs review"),
        default=False,
        editable=False,
        help_text=_("The source article changed after this translation was saved."),
    )
    # A published edit staff marked as a correction: shown on the article and listed on
    # the corrections page (the latest one; earlier ones stay in the history).
    correction_note = models.TextField(_("correction note"), blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    # Title, lead and body as last read or written (None for a new article), so that
    # article_update can tell whether the translated text changed.
    saved_text: dict[str, str] | None = None
    # Every save (admin, importer, services, seed) records a revision. Left out: what is
    # derived or counted (a restore keeps the current value, not a stale one), the raw
    # import, and the correction (a restore does not take a published correction back).
    history = HistoricalRecords(
        excluded_fields=[
            "search_document",
            "view_count",
            "translation_outdated",
            "source_text",
            "correction_note",
            "corrected_at",
        ],
    )

    class Meta:
        ordering = ["-published_at", "-news_code"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Editing a text and deciding it goes public are different jobs (a reporter,
        # an editor): articles.admin gates publishing, unpublishing and scheduling on
        # publish_article, and handing a draft to the editors on submit_article.
        permissions = [
            ("publish_article", _("Can publish, unpublish and schedule articles")),
            ("submit_article", _("Can submit articles for review")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="article_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(paired=models.F("pk")), name="article_not_paired_with_itself"
            ),
            models.CheckConstraint(
                condition=Q(image="") | (~Q(image_alt_fa="") & ~Q(image_alt_en="")),
                name="article_image_has_alt",
            ),
        ]
        # Newest first in one index walk: the news lists and search's recency window
        # (articles.search.SEARCH_CANDIDATES) stop after a page or a window of rows.
        indexes = [
            models.Index(
                fields=["status", "language", "-published_at", "-news_code"],
                name="article_recency_idx",
            ),
            # The importer recognises an article by its source URL (services._find_existing);
            # without an index, each imported record read the whole table.
            models.Index(fields=["source_url"], name="article_source_url_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, search_tag_names=None, imported_tag_slugs=None, **kwargs):
        """Fill in this row only: normalized text, slug and search document (with
        ``search_tag_names``, the tags about to be set, since m2m rows are saved after
        this one), and for an import (``imported_tag_slugs``) the fingerprint of what it
        stored, in the same write. Everything that touches other rows (the news code counter, the
        pair's review flag, tags, mentions) is ``articles.services``' job: create and
        edit articles through ``article_create`` / ``article_update``."""
        fingerprinted = self.fill_row(
            search_tag_names=search_tag_names, imported_tag_slugs=imported_tag_slugs
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_document", "slug", *fingerprinted}
        super().save(*args, **kwargs)
        self.row_saved()

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse(
                "articles:detail", kwargs={"news_code": self.news_code, "slug": self.slug}
            )

    def get_short_url(self):
        with translation.override(self.language):
            return reverse("articles:short", kwargs={"news_code": self.news_code})

    def fill_row(self, *, search_tag_names=None, imported_tag_slugs=None) -> set[str]:
        """What ``save`` computes before it writes the row (``articles.services`` calls
        it alone for articles it inserts together, then ``row_saved``); the names of the
        fields it filled beyond the text's own (the fingerprint)."""
        if self.news_code is None:
            raise ValueError(
                "An article gets its news code from articles.services.article_create; "
                "save() does not allocate one."
            )
        self.normalization_report = text.normalize_article(self, tag_names=search_tag_names)
        if imported_tag_slugs is None:
            return set()
        self.imported_fingerprint = article_fingerprint(article=self, tag_slugs=imported_tag_slugs)
        return {"imported_fingerprint"}

    def row_saved(self) -> None:
        self.saved_text = {name: getattr(self, name) for name in TRANSLATED_TEXT_FIELDS}

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article.saved_text = {
            name: getattr(article, name)
            for name in TRANSLATED_TEXT_FIELDS
            if name in article.__dict__
        }
        return article

    def text_changed(self, since: dict[str, str] | None = None) -> bool:
        """Whether title, lead or body differ from ``since`` (an earlier ``saved_text``)
        or else from ``saved_text``; False when that is unknown (a new article)."""
        stored = self.saved_text if since is None else since
        if stored is None:
            return False
        return any(stored.get(name) != getattr(self, name) for name in stored)

    def get_url_in(self, language):
        """This article's address under another language prefix (where an English
        visitor of a Persian-only story reads that it is not translated yet)."""
        with translation.override(language):
            return reverse(
                "articles:detail", kwargs={"news_code": self.news_code, "slug": self.slug}
            )

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def clean_pair(self):
        """A pair is two articles in different languages, each with no other
        counterpart: A→B while B→D (or C→B) would be a chain no page can follow."""
        if not self.paired_id:
            return
        if self.paired_id == self.pk:
            raise ValidationError({"paired": _("An article cannot be paired with itself.")})
        other = self.paired
        if other.language == self.language:
            raise ValidationError(
                {"paired": _("The paired article must be in the other language.")}
            )
        others_partners = Article.objects.filter(Q(paired=other) | Q(paired_from=other))
        mine = Article.objects.filter(paired=self).exclude(pk=other.pk)
        if self.pk:
            others_partners = others_partners.exclude(pk=self.pk)
        else:
            mine = mine.none()
        taken = others_partners.first()
        if taken is not None:
            raise ValidationError(
                {
                    "paired": _(
                        "%(other)s is already paired with %(counterpart)s; unpair them first."
                    )
                    % {"other": display.quoted(other), "counterpart": display.quoted(taken)}
                }
            )
        taken = mine.first()
        if taken is not None:
            raise ValidationError(
                {
                    "paired": _(
                        "This article is already paired with %(counterpart)s; unpair them first."
                    )
                    % {"counterpart": display.quoted(taken)}
                }
            )

    def clean(self):
        super().clean()
        self.clean_pair()
        if self.status == Status.PUBLISHED and self.published_at is None:
            raise ValidationError({"published_at": _("A published article needs a time.")})
        if self.image:
            require_alt(self, "image_alt_fa", "image_alt_en")

    @property
    def image_alt(self) -> str:
        """The image's description in the article's language."""
        return self.image_alt_en if self.language == Language.ENGLISH else self.image_alt_fa


def require_alt(obj, *fields: str) -> None:
    """An image is described in both languages (alt text): the screen reader of a
    reader of either edition has something to say."""
    errors = {
        name: _("Describe the image in this language for readers who cannot see it.")
        for name in fields
        # As it will be stored: invisible characters (bidi marks, zero-width spaces) are
        # cleaned away on save, so a description of only those is no description.
        if not persian.clean(getattr(obj, name) or "").strip()
    }
    if errors:
        raise ValidationError(errors)


class ArticleDailyViews(models.Model):
    """An article's views on one day (Tehran time), counted like ``view_count`` (once
    per visitor and day): what "most viewed today / this week / this month" sums."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="daily_views", verbose_name=_("article")
    )
    date = models.DateField(_("date"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        ordering = ["-date", "-views"]
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="article_daily_views_unique")
        ]
        # The most viewed lists read a range of days, then group by article.
        indexes = [models.Index(fields=["date", "article"], name="article_daily_views_date_idx")]

    def __str__(self):
        return f"{self.article} — {self.date.isoformat()}: {self.views}"


def gallery_upload_to(instance, filename):
    return f"articles/gallery/{timezone.now():%Y/%m}/{filename}"


class ArticleImage(models.Model):
    """One picture of an article's gallery, shown after its text in ``order``.

    ``alt`` is translated (``alt_fa``, ``alt_en``, articles/translation.py) and required
    in both; caption and credit are in the article's language. Written through
    ``articles.services.article_image_save`` (the admin's inline too)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("article")
    )
    image = CheckedImageField(
        _("image"),
        upload_to=gallery_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text=_("JPEG, PNG or WebP. Location and camera data are removed on save."),
    )
    alt = models.CharField(
        _("description (alt text)"),
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery")
        constraints = [
            models.CheckConstraint(
                # The translated columns are nullable (modeltranslation): NULL is no text.
                condition=Q(alt_fa__isnull=False, alt_fa__gt="")
                & Q(alt_en__isnull=False, alt_en__gt=""),
                name="article_image_alt_both",
            ),
        ]

    def __str__(self):
        return self.caption or self.alt or self.image.name

    def get_absolute_url(self):
        """The article's page, scrolled to this picture's figure (its gallery gives
        each one ``id="photo-<pk>"``)."""
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"photo-{self.pk}"

    def clean(self):
        super().clean()
        require_alt(self, "alt_fa", "alt_en")
