from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from checklist_site.validators import markdown_length, short_text_length


class PillarSlug(models.TextChoices):
    DIVERSITY = "diversity", _("Diversity")
    EQUALITY = "equality", _("Equality")
    INTERACTION = "interaction", _("Interaction")


class PopulationBand(models.TextChoices):
    SMALL = "small", _("under 100,000 inhabitants")
    MEDIUM = "medium", _("100,000 to 250,000 inhabitants")
    LARGE = "large", _("250,000 to 1 million inhabitants")
    METROPOLIS = "metropolis", _("over 1 million inhabitants")


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class TopicArea(models.Model):
    """One of the programme's twenty topic areas, shared by practices and projects.

    Part of the checklist's vocabulary, beside population bands. Its table kept the name it
    had when the model lived in the library app: moving the model moved no data.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"))

    objects = SlugManager()

    class Meta:
        db_table = "feedback_library_topicarea"
        verbose_name = _("topic area")
        verbose_name_plural = _("topic areas")
        ordering = ["order"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class ChecklistVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ChecklistVersion.Status.PUBLISHED)

    def latest_published(self):
        return self.published().order_by("-published_at", "-label").first()


class ChecklistVersionManager(models.Manager.from_queryset(ChecklistVersionQuerySet)):
    def get_by_natural_key(self, label):
        return self.get(label=label)


class ChecklistVersion(models.Model):
    """One published set of pillars, indicators and questions.

    An assessment keeps the version it was answered against, so a published version
    is never edited: a revision is a new version.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", pgettext_lazy("a checklist version", "Published")

    label = models.CharField(_("label"), max_length=20, unique=True, help_text=_("e.g. 2021.1"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("What changed in this version."))

    objects = ChecklistVersionManager()

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["-label"]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.label,)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class PillarManager(models.Manager):
    def get_by_natural_key(self, version_label, slug):
        return self.get(version__label=version_label, slug=slug)


class Pillar(models.Model):
    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="pillars",
        verbose_name=_("checklist version"),
    )
    slug = models.SlugField(_("pillar"), max_length=20, choices=PillarSlug.choices)
    title = models.CharField(_("title"), max_length=200)
    narrative = models.TextField(
        _("narrative"), help_text=_("Background, shared terms and the principle, in Markdown."),
        validators=[markdown_length],
    )
    order = models.PositiveSmallIntegerField(_("order"))

    objects = PillarManager()

    class Meta:
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="unique_pillar_per_version"),
        ]

    def __str__(self):
        return f"{self.title} ({self.version})"

    def natural_key(self):
        return (self.version.label, self.slug)

    natural_key.dependencies = ["assessments.checklistversion"]


class IndicatorQuerySet(models.QuerySet):
    def of_version(self, version):
        """The indicators of a checklist version (or its pk), in checklist order."""
        return self.filter(pillar__version=version).order_by("pillar__order", "order")


class IndicatorManager(models.Manager.from_queryset(IndicatorQuerySet)):
    def get_by_natural_key(self, version_label, code):
        return self.get(pillar__version__label=version_label, code=code)


class Indicator(models.Model):
    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("pillar")
    )
    code = models.CharField(_("code"), max_length=5, help_text=_("D1 to D5, E1 to E5, I1 to I5"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("In Markdown."),
                                   validators=[markdown_length])
    order = models.PositiveSmallIntegerField(_("order"))

    objects = IndicatorManager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pillar__version", "pillar__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["pillar", "code"], name="unique_indicator_per_pillar"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def natural_key(self):
        return (self.pillar.version.label, self.code)

    natural_key.dependencies = ["assessments.pillar"]


class QuestionQuerySet(models.QuerySet):
    def of_version(self, version):
        """The questions of a checklist version (or its pk), in checklist order."""
        return self.filter(indicator__pillar__version=version).in_checklist_order()

    def in_checklist_order(self):
        return self.select_related("indicator__pillar").order_by(
            "indicator__pillar__order", "indicator__order", "order"
        )


class QuestionManager(models.Manager.from_queryset(QuestionQuerySet)):
    def get_by_natural_key(self, version_label, code):
        return self.get(indicator__pillar__version__label=version_label, code=code)


class Question(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="questions",
        verbose_name=_("indicator"),
    )
    code = models.CharField(_("code"), max_length=8, help_text=_("e.g. D1.1"))
    text = models.TextField(_("question"))
    help_text = models.TextField(
        _("help text"), blank=True, help_text=_("What to look at before answering.")
    )
    order = models.PositiveSmallIntegerField(_("order"))

    objects = QuestionManager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["indicator__pillar__version", "indicator__pillar__order", "indicator__order",
                    "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "code"], name="unique_question_per_indicator"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text}"

    def natural_key(self):
        return (self.indicator.pillar.version.label, self.code)

    natural_key.dependencies = ["assessments.indicator"]


class CriterionManager(models.Manager):
    def get_by_natural_key(self, version_label, question_code, order):
        return self.get(
            question__indicator__pillar__version__label=version_label,
            question__code=question_code,
            order=order,
        )


class Criterion(models.Model):
    """One line of a question's threshold: "this is the case if ..."."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("criterion"), max_length=400)

    objects = CriterionManager()

    class Meta:
        verbose_name = _("threshold criterion")
        verbose_name_plural = _("threshold criteria")
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "order"], name="unique_criterion_order_per_question"
            ),
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.question.natural_key(), self.order)

    natural_key.dependencies = ["assessments.question"]


class GlossaryTermManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class GlossaryTerm(models.Model):
    """Harmonised terminology, linked wherever the term appears."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    term = models.CharField(_("term"), max_length=120)
    definition = models.TextField(_("definition"), validators=[short_text_length])
    pillar = models.SlugField(
        _("related pillar"), max_length=20, choices=PillarSlug.choices, blank=True
    )
    # How many edits it has had, counting its creation: an edit made from an older count
    # lost a race to a colleague's (optimistic lock).
    edit_count = models.PositiveIntegerField(_("edit count"), default=1)

    objects = GlossaryTermManager()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def natural_key(self):
        return (self.slug,)
