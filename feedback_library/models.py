from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from assessments.models import Indicator, PopulationBand, Question, TopicArea
from checklist_site.validators import markdown_length, short_text_length


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class CuratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class CuratedManager(models.Manager.from_queryset(CuratedQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class CuratedContent(models.Model):
    """What every curated library item shares: a slug, a workflow status, its authors."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Whoever last changed the content: they may not also publish it (four eyes).
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("last edited by"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # How many edits it has had, counting its creation: an edit made from an older count
    # lost a race to a colleague's (optimistic lock).
    edit_count = models.PositiveIntegerField(_("edit count"), default=1)
    # How often assessors were shown it; counted in memory and written in batches.
    times_shown = models.PositiveIntegerField(_("times shown"), default=0, editable=False)

    objects = CuratedManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class FeedbackEntry(CuratedContent):
    """A recommendation or a story drawn by a "no" or "partially" answer to one question."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Recommendation")
        STORY = "story", _("Story")

    class AppliesTo(models.TextChoices):
        NO = "no", _("No")
        PARTIALLY = "partially", _("Partially")
        BOTH = "both", _("No and partially")

    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="feedback_entries",
        verbose_name=_("question"),
    )
    applies_to = models.CharField(
        _("applies to answers"), max_length=10, choices=AppliesTo.choices
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("In Markdown."),
                            validators=[markdown_length])

    class Meta:
        verbose_name = _("feedback entry")
        verbose_name_plural = _("feedback entries")
        ordering = ["question__code", "kind", "title"]

    def __str__(self):
        return self.title


class GoodPracticeQuerySet(CuratedQuerySet):
    def illustrating_pillar(self, slug):
        return self.filter(
            models.Q(indicators__pillar__slug=slug)
            | models.Q(questions__indicator__pillar__slug=slug)
        ).distinct()

    def illustrating_indicator(self, code):
        return self.filter(
            models.Q(indicators__code=code) | models.Q(questions__indicator__code=code)
        ).distinct()

    def matching_words(self, words):
        query = models.Q()
        for word in words.split():
            query &= (
                models.Q(title__icontains=word) | models.Q(summary__icontains=word)
                | models.Q(city__icontains=word) | models.Q(process__icontains=word)
            )
        return self.filter(query)


class GoodPracticeManager(CuratedManager.from_queryset(GoodPracticeQuerySet)):
    pass


class GoodPractice(CuratedContent):
    """A real example from a city, a region or a national programme."""

    class Scope(models.TextChoices):
        CITY = "city", _("City")
        REGION = "region", _("Region")
        NATIONAL = "national", _("National programme")

    title = models.CharField(_("title"), max_length=200)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices,
                             default=Scope.CITY)
    city = models.CharField(
        _("city or region"), max_length=120, blank=True,
        help_text=_("Leave empty only for a national programme."),
    )
    country = CountryField(_("country"))
    city_size = models.CharField(
        _("city size"), max_length=12, choices=PopulationBand.choices, blank=True
    )
    period = models.CharField(
        _("period"), max_length=60, help_text=_('e.g. "2017-2021", "since 2014", "ongoing"')
    )
    summary = models.TextField(_("summary"), validators=[short_text_length])
    purpose = models.TextField(_("purpose"), blank=True, help_text=_("In Markdown."),
                               validators=[markdown_length])
    rationale = models.TextField(_("stimulus and rationale"), blank=True,
                                 help_text=_("In Markdown."), validators=[markdown_length])
    process = models.TextField(_("process"), blank=True, help_text=_("In Markdown."),
                               validators=[markdown_length])
    source_title = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    topic_areas = models.ManyToManyField(
        TopicArea, related_name="good_practices", blank=True, verbose_name=_("topic areas")
    )
    indicators = models.ManyToManyField(
        Indicator, related_name="good_practices", blank=True, verbose_name=_("indicators")
    )
    questions = models.ManyToManyField(
        Question, related_name="good_practices", blank=True, verbose_name=_("questions")
    )

    objects = GoodPracticeManager()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def place(self):
        return self.city or self.country.name
