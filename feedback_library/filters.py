"""The public good-practice browser's filters, read from the address."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from assessments.models import PillarSlug, PopulationBand, TopicArea
from assessments.structure import latest_published_version, questions_of
from checklist_site.filters import ContentChoiceFilter, ListFilterSet
from checklist_site.languages import LanguageMarkedSelect, shown

from .forms import PracticeFilterForm
from .models import GoodPractice


def _indicator_choices():
    """The indicators of the latest published checklist, the one practices are browsed by."""
    version = latest_published_version()
    if version is None:
        return []
    indicators = dict.fromkeys(question.indicator for question in questions_of(version))
    return [
        (indicator.code, shown(indicator, "title", prefix=f"{indicator.code} "))
        for indicator in indicators
    ]


def _country_choices():
    """Only the countries some published practice comes from."""
    used = set(GoodPractice.objects.published().values_list("country", flat=True).distinct())
    return [(code, name) for code, name in countries if code in used]


class PracticeFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Words"), max_length=100, method="filter_words")
    pillar = django_filters.ChoiceFilter(
        label=_("Pillar"), choices=PillarSlug.choices, empty_label=_("All pillars"),
        method="filter_pillar",
    )
    indicator = django_filters.ChoiceFilter(
        label=_("Indicator"), choices=_indicator_choices, empty_label=_("All indicators"),
        method="filter_indicator", widget=LanguageMarkedSelect,
    )
    topic = ContentChoiceFilter(
        label=_("Topic area"), field_name="topic_areas", queryset=TopicArea.objects.all(),
        to_field_name="slug", empty_label=_("All topic areas"), label_field="name",
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=_country_choices, empty_label=_("All countries"),
    )
    city_size = django_filters.ChoiceFilter(
        label=_("City size"), choices=PopulationBand.choices, empty_label=_("All sizes"),
    )

    class Meta:
        model = GoodPractice
        fields = ()
        form = PracticeFilterForm

    def filter_words(self, practices, name, words):
        return practices.matching_words(words)

    def filter_pillar(self, practices, name, slug):
        return practices.illustrating_pillar(slug)

    def filter_indicator(self, practices, name, code):
        return practices.illustrating_indicator(code)
