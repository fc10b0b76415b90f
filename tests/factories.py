"""Small factories for test data. The real checklist and library come from fixtures/."""

import factory
from django.contrib.auth import get_user_model

from assessments import services
from assessments.models import (
    Assessment,
    ChecklistVersion,
    Criterion,
    GlossaryTerm,
    Indicator,
    Organisation,
    Pillar,
    PillarSlug,
    Project,
    Question,
    TopicArea,
)
from feedback_library.models import FeedbackEntry, GoodPractice, Status

PREFIXES = {"diversity": "D", "equality": "E", "interaction": "I"}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class ChecklistVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistVersion

    label = factory.Sequence(lambda n: f"test.{n}")
    status = ChecklistVersion.Status.DRAFT


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pillar

    version = factory.SubFactory(ChecklistVersionFactory)
    slug = PillarSlug.DIVERSITY
    title = factory.LazyAttribute(lambda pillar: pillar.slug.title())
    narrative = "A short narrative."
    order = 1


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    pillar = factory.SubFactory(PillarFactory)
    code = "D1"
    title = factory.LazyAttribute(lambda indicator: f"Indicator {indicator.code}")
    order = 1


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    indicator = factory.SubFactory(IndicatorFactory)
    code = factory.LazyAttribute(lambda question: f"{question.indicator.code}.{question.order}")
    text = factory.LazyAttribute(lambda question: f"Does the project meet {question.code}?")
    order = 1


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    question = factory.SubFactory(QuestionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Criterion {n}")


def build_checklist(*, label=None, status=ChecklistVersion.Status.DRAFT, criteria_per_question=3):
    """A complete checklist version that keeps the structure rule (3 x 5 x 2)."""
    version = ChecklistVersionFactory(status=status, **({"label": label} if label else {}))
    for pillar_order, slug in enumerate(PillarSlug, start=1):
        pillar = PillarFactory(version=version, slug=slug, order=pillar_order)
        for indicator_order in range(1, 6):
            indicator = IndicatorFactory(
                pillar=pillar, code=f"{PREFIXES[slug]}{indicator_order}", order=indicator_order
            )
            for question_order in (1, 2):
                question = QuestionFactory(indicator=indicator, order=question_order)
                for criterion_order in range(1, criteria_per_question + 1):
                    CriterionFactory(question=question, order=criterion_order)
    return version


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"term {n}")
    slug = factory.LazyAttribute(lambda term: term.term.replace(" ", "-"))
    definition = "A definition."


class TopicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicArea

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    order = factory.Sequence(lambda n: 100 + n)


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"practice-{n}")
    title = factory.Sequence(lambda n: f"Practice {n}")
    status = Status.PUBLISHED
    city = "Bergen"
    country = "NO"
    period = "since 2015"
    summary = "What the city did."
    source_title = "A report"

    @factory.post_generation
    def indicators(self, create, extracted, **kwargs):
        if create and extracted:
            self.indicators.set(extracted)

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if create and extracted:
            self.questions.set(extracted)

    @factory.post_generation
    def topic_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.topic_areas.set(extracted)


class FeedbackEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackEntry

    slug = factory.Sequence(lambda n: f"feedback-{n}")
    question = factory.SubFactory(QuestionFactory)
    applies_to = FeedbackEntry.AppliesTo.BOTH
    kind = FeedbackEntry.Kind.RECOMMENDATION
    title = factory.Sequence(lambda n: f"Recommendation {n}")
    body = "Do this."
    status = Status.PUBLISHED


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.CITY
    country = "PT"

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if create and extracted:
            self.cities.set(extracted)


def member(organisation, role, **user_fields):
    """A user belonging to `organisation` with `role`."""
    user = UserFactory(**user_fields)
    services.join_organisation(user=user, organisation=organisation, role=role)
    return user


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "What the project does."
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.PARTNER)
    city = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def topic_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.topic_areas.set(extracted)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    project = factory.SubFactory(ProjectFactory)
    purpose = Assessment.Purpose.PROPOSAL_REVIEW
    assessor = factory.LazyAttribute(lambda assessment: assessment.project.city)
    # Begun on the first shipped version, as the assessments of the library's tests were;
    # tests of what a new assessment gets start one or ask for the latest published version.
    version = factory.LazyFunction(lambda: ChecklistVersion.objects.get(label="2021.1"))


def answer_all(assessment, values, *, user=None):
    """Answer every question of `assessment` still unanswered, in order, cycling through
    `values` (counted over all thirty questions)."""
    questions = Question.objects.of_version(assessment.version).prefetch_related("criteria")
    answered = set(assessment.answers.values_list("question_id", flat=True))
    values = list(values)
    for index, question in enumerate(questions):
        if question.pk in answered:
            continue
        value = values[index % len(values)]
        criteria = list(question.criteria.all())
        services.save_answer(
            assessment=assessment, question=question, value=value, comment="",
            criteria={"yes": criteria, "partially": criteria[:1], "no": []}[value],
            user=user, seen_revision=None,
        )
