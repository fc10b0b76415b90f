from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    ChecklistVersion,
    GlossaryTerm,
    Indicator,
    Question,
)
from checklist_site.filters import FilterForm
from checklist_site.forms import StorableTextMixin

from .models import FeedbackEntry, GoodPractice


class PracticeFilterForm(FilterForm):
    """The layout of the public good-practice browser's filters (`filters.PracticeFilter`)."""

    def layout(self):
        return Layout(
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


# Curation ------------------------------------------------------------------------------

MARKDOWN_HELP = _("Markdown: paragraphs, **bold**, *italic*, lists and links. "
                  "Images, styles and scripts are removed.")


class EntryForm(StorableTextMixin, forms.ModelForm):
    """What every form editing a library entry carries, in the curation pages, the admin
    and the import alike: text that can be stored, and (hidden) the entry's edit count
    when the editor opened it, so that a colleague's save in between is detected."""

    seen_edit_count = forms.IntegerField(label=_("edit count when opened"),
                                         widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "seen_edit_count" not in self.initial:
            self.initial["seen_edit_count"] = self.instance.edit_count

    def clean_seen_edit_count(self):
        # A new entry has no edits to have seen, whatever the request says.
        return self.cleaned_data["seen_edit_count"] if self.instance.pk else None


class CurationForm(EntryForm):
    """What the curation forms share: English required, French optional, Markdown
    previews (imports go through these forms too)."""

    required_english: tuple[str, ...] = ()
    markdown_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_english:
            self.fields[f"{name}_en"].required = True
        for name in self.markdown_fields:
            for language in ("en", "fr"):
                field = self.fields[f"{name}_{language}"]
                field.help_text = MARKDOWN_HELP
                field.widget.attrs.update({"rows": 6, "data-markdown-preview": "1"})
        for name, field in self.fields.items():
            if name.endswith("_fr"):
                field.required = False
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(
            self.data.get("title_en", "") or self.data.get("term_en", "")
        )[:100]
        if not slug:
            raise forms.ValidationError(_("Give a slug, or a title to make one from."))
        clash = type(self.instance).objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another entry already uses this slug."))
        return slug


def offer_latest_version(form, name: str, model) -> None:
    """Offer the latest published version's indicators or questions in field `name`.

    The library serves every version through the codes, so an entry linked to an earlier
    version's rows is shown (and compared, and saved) with the latest version's rows of the
    same codes: opening and saving it unchanged changes nothing.
    """
    field = form.fields[name]
    field.queryset = model.objects.of_version(ChecklistVersion.objects.latest_published())
    value = form.initial.get(name)
    if value in (None, "", []):
        return
    many = isinstance(value, list | tuple)
    codes = model.objects.filter(
        pk__in=[getattr(item, "pk", item) for item in (value if many else [value])]
    ).values("code")
    latest = list(field.queryset.filter(code__in=codes).values_list("pk", flat=True))
    form.initial[name] = latest if many else next(iter(latest), None)


class GoodPracticeForm(CurationForm):
    # A link typed without a scheme is taken as https (Django 6's default).
    source_url = forms.URLField(
        label=_("source link"), max_length=500, required=False, assume_scheme="https"
    )
    required_english = ("title", "summary")
    markdown_fields = ("purpose", "rationale", "process")

    class Meta:
        model = GoodPractice
        fields = [
            "title_en", "slug", "summary_en", "purpose_en", "rationale_en", "process_en",
            "scope", "city", "country", "city_size", "period", "source_title", "source_url",
            "topic_areas", "indicators", "questions",
            "title_fr", "summary_fr", "purpose_fr", "rationale_fr", "process_fr",
        ]
        widgets = {
            "topic_areas": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
            "questions": forms.CheckboxSelectMultiple,
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        offer_latest_version(self, "indicators", Indicator)
        offer_latest_version(self, "questions", Question)
        self.helper.layout = Layout(
            Fieldset(_("Content"), "title_en", "slug", "summary_en", "purpose_en",
                     "rationale_en", "process_en"),
            Fieldset(_("Place and time"), "scope", "city", "country", "city_size", "period"),
            Fieldset(_("Source"), "source_title", "source_url"),
            Fieldset(_("What it illustrates"), "topic_areas", "indicators", "questions"),
            Fieldset(_("French (optional)"), "title_fr", "summary_fr", "purpose_fr",
                     "rationale_fr", "process_fr"),
            "seen_edit_count",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") != GoodPractice.Scope.NATIONAL and not cleaned.get("city"):
            self.add_error("city", _("Name the city or region (only a national programme "
                                     "may leave it empty)."))
        return cleaned


class FeedbackEntryForm(CurationForm):
    required_english = ("title", "body")
    markdown_fields = ("body",)

    class Meta:
        model = FeedbackEntry
        fields = ["question", "applies_to", "kind", "title_en", "slug", "body_en",
                  "title_fr", "body_fr"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        offer_latest_version(self, "question", Question)
        self.helper.layout = Layout(
            Fieldset(_("Where it is shown"), "question", "applies_to", "kind"),
            Fieldset(_("Content"), "title_en", "slug", "body_en"),
            Fieldset(_("French (optional)"), "title_fr", "body_fr"),
            "seen_edit_count",
        )


class GlossaryTermForm(CurationForm):
    required_english = ("term", "definition")

    class Meta:
        model = GlossaryTerm
        fields = ["term_en", "slug", "definition_en", "pillar", "term_fr", "definition_fr"]
        widgets = {
            "definition_en": forms.Textarea(attrs={"rows": 3}),
            "definition_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.helper.layout = Layout(
            Fieldset(_("Term"), "term_en", "slug", "definition_en", "pillar"),
            Fieldset(_("French (optional)"), "term_fr", "definition_fr"),
            "seen_edit_count",
        )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("CSV or JSON file"),
        help_text=_("The columns of an export. Imported entries go to review; nothing "
                    "changes until you confirm."),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.slug, kind.plural) for kind in kinds]
        self.helper = FormHelper()
        self.helper.add_input(Submit("check", _("Check the file")))
