"""The portfolio's filters and sort, read from the address (django-filter)."""

import django_filters
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from checklist_site.filters import ContentChoiceFilter, FilterForm, ListFilterSet

from . import portfolio
from .models import Assessment, FundingRound, TopicArea

NO_BAND = "none"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PortfolioFilterForm(FilterForm):
    """The layout of the portfolio's filters (`PortfolioFilter` declares them)."""

    css_class = "filter-form portfolio-filters"

    def layout(self):
        return Layout(
            Row(
                Column("title", css_class="col-md-4"),
                Column("round", css_class="col-md-4"),
                Column("topic", css_class="col-md-4"),
            ),
            Row(
                Column("purpose", css_class="col-md-3"),
                Column("status", css_class="col-md-3"),
                Column("band", css_class="col-md-3"),
                Column("sort", css_class="col-md-3"),
            ),
            Row(
                Column(Fieldset(_("Started"), Row(
                    Column("started_after", css_class="col-6"),
                    Column("started_before", css_class="col-6"),
                )), css_class="col-md-6"),
                Column(Fieldset(_("Submitted"), Row(
                    Column("submitted_after", css_class="col-6"),
                    Column("submitted_before", css_class="col-6"),
                )), css_class="col-md-6"),
            ),
            Div(Submit("filter", _("Show assessments"), css_class="btn-primary")),
        )


def _on_or_after(field_name):
    return django_filters.DateFilter(
        label=_("on or after"), field_name=field_name, lookup_expr="date__gte", widget=DATE
    )


def _on_or_before(field_name):
    return django_filters.DateFilter(
        label=_("on or before"), field_name=field_name, lookup_expr="date__lte", widget=DATE
    )


# django-filter words its descending choices when the filter is made, at import: in the
# language of no reader. Worded when shown instead (its catalogues translate the msgid).
_descending = lazy(lambda label: gettext("%s (descending)") % label, str)


class ColumnSort(django_filters.OrderingFilter):
    """Sorts by one of the portfolio's columns (see `Portfolio.sorted`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            fields=[(key, key) for key in portfolio.SORTABLE],
            field_labels={
                **{key: column.label for key, column in portfolio.SORTABLE.items()},
                **{f"-{key}": _descending(column.label)
                   for key, column in portfolio.SORTABLE.items()},
            },
            **kwargs,
        )

    def filter(self, assessments, value):
        return self.parent.portfolio.sorted(assessments, value[0] if value else None)


class PortfolioFilter(ListFilterSet):
    title = django_filters.CharFilter(
        label=_("Title contains"), field_name="project__title", lookup_expr="icontains",
        max_length=100,
    )
    round = django_filters.ModelChoiceFilter(
        label=_("Funding round"), field_name="project__funding_round",
        queryset=FundingRound.objects.none(), empty_label=_("All rounds"),
        null_label=_("Outside any round"),
    )
    topic = ContentChoiceFilter(
        label=_("Topic area"), field_name="project__topic_areas",
        queryset=TopicArea.objects.all(), to_field_name="slug",
        empty_label=_("All topic areas"), label_field="name",
    )
    purpose = django_filters.ChoiceFilter(
        label=_("Purpose"), choices=Assessment.Purpose.choices, empty_label=_("All purposes"),
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("of an assessment", "Status"), choices=Assessment.Status.choices,
        empty_label=_("Any status"),
    )
    band = django_filters.ChoiceFilter(
        label=_("Band reached"), empty_label=_("Any band, or none"), method="filter_band",
    )
    started_after = _on_or_after("created_at")
    started_before = _on_or_before("created_at")
    submitted_after = _on_or_after("submitted_at")
    submitted_before = _on_or_before("submitted_at")
    sort = ColumnSort(label=_("Sort by"), empty_label=_("Newest first"))

    class Meta:
        model = Assessment
        fields = ()
        form = PortfolioFilterForm

    def __init__(self, data, *, of: portfolio.Portfolio, **kwargs):
        super().__init__(data, queryset=of.assessments, **kwargs)
        self.portfolio = of
        self.filters["round"].queryset = of.rounds
        self.filters["band"].extra["choices"] = [
            *((label, label) for label in of.band_labels()),
            (NO_BAND, _("No band reached")),
        ]

    @property
    def chosen_sort(self) -> str | None:
        """The sort asked for, if valid."""
        if self.is_bound and self.is_valid():
            return (self.form.cleaned_data.get("sort") or [None])[0]
        return None

    def filter_band(self, assessments, name, label):
        assessments = self.portfolio.using(assessments, "band_rank")
        if label == NO_BAND:
            return assessments.filter(band_rank__isnull=True)
        return assessments.filter(band_rank__in=self.portfolio.ranks_labelled(label))
