from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from assessments.models import Indicator, PillarSlug, PopulationBand

from .models import GoodPractice, TopicArea


class PracticeFilterForm(forms.Form):
    """Filters of the public good-practice browser; every field is optional."""

    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic area"), required=False, queryset=TopicArea.objects.all(),
        to_field_name="slug", empty_label=_("All topic areas"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    city_size = forms.ChoiceField(label=_("City size"), required=False)

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].choices = [("", _("All pillars")), *PillarSlug.choices]
        self.fields["indicator"].choices = [("", _("All indicators"))] + [
            (indicator.code, f"{indicator.code} {indicator.title}") for indicator in indicators
        ]
        used_countries = set(
            GoodPractice.objects.published().values_list("country", flat=True).distinct()
        )
        self.fields["country"].choices = [("", _("All countries"))] + [
            (code, name) for code, name in countries if code in used_countries
        ]
        self.fields["city_size"].choices = [("", _("All sizes")), *PopulationBand.choices]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filter-form"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-4"),
                Column("pillar", css_class="col-md-4"),
                Column("indicator", css_class="col-md-4"),
            ),
            Row(
                Column("topic", css_class="col-md-4"),
                Column("country", css_class="col-md-4"),
                Column("city_size", css_class="col-md-4"),
            ),
            Submit("filter", _("Show practices"), css_class="btn-primary"),
        )
