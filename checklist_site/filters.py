"""What the site's filtered lists share (django-filter)."""

import django_filters
from crispy_forms.helper import FormHelper
from django import forms

from .languages import ContentChoiceField


class FilterForm(forms.Form):
    """The layout of a list page's filters, sent in the address (the FilterSet whose `Meta.form`
    this is declares the fields)."""

    css_class = "filter-form"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = self.css_class
        self.helper.disable_csrf = True
        self.helper.layout = self.layout()

    def layout(self):
        raise NotImplementedError


class ListFilterSet(django_filters.FilterSet):
    """The filters of a list page, read from the address.

    A filter that does not validate changes nothing: the page lists everything, as if
    unfiltered, and the form says what was wrong (rather than a list narrowed by the
    filters that happened to be valid, which would read as the answer to the question
    asked).
    """

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.all()
        return super().qs


class ContentChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of instances named by a content field (`label_field=`) in the reader's
    language: see languages.ContentChoiceField."""

    field_class = ContentChoiceField
