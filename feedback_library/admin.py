from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from assessments.models import GlossaryTerm

from . import curation
from .forms import EntryForm
from .models import FeedbackEntry, GoodPractice

# Written by the curation rules only: who created, edited and published an entry, when, its
# place in the workflow and how often assessors saw it. Never typed in.
AUDIT_FIELDS = ["status", "created_by", "created_at", "updated_at", "last_edited_by",
                "published_by", "published_at", "times_shown"]


class CuratedAdminForm(EntryForm):
    """An entry a colleague saved since this form was opened is refused with a message, as
    in the curation pages: what was typed stays, and saving again replaces their save."""

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        try:
            # The admin validates inside the transaction that saves: the row stays locked
            # until save_model() records the edit, so no save slips in between.
            curation.lock_for_edit(self.instance,
                                   seen_edit_count=cleaned.get("seen_edit_count"))
        except curation.EditConflict as clash:
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_edit_count")] = clash.current.edit_count
            raise forms.ValidationError(
                _("A colleague saved this entry while you were editing it. Your changes "
                  "below are not saved yet: save again to replace theirs."),
                code="edit_conflict",
            ) from None
        return cleaned


class CuratedAdmin(TranslationAdmin):
    """An edit in the admin is an edit like any other (curation.record_edit): counted, kept
    as a revision, and a change to a published entry sends it back to review. The workflow,
    the revisions and their restoring live in the curation pages."""

    form = CuratedAdminForm
    exclude = ["edit_count"]
    # A link typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        curation.record_edit(form, user=request.user,
                             seen_edit_count=form.cleaned_data["seen_edit_count"])

    def save_related(self, request, form, formsets, change):
        # record_edit() saved the many-to-many fields, within the edit's revision.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(FeedbackEntry)
class FeedbackEntryAdmin(CuratedAdmin):
    list_display = ["title", "question", "applies_to", "kind", "status", "updated_at"]
    list_filter = ["status", "kind", "applies_to", "question__indicator__pillar__slug"]
    search_fields = ["title", "body", "question__code"]
    list_select_related = ["question"]
    autocomplete_fields = ["question"]
    readonly_fields = AUDIT_FIELDS
    prepopulated_fields = {"slug": ["title"]}


@admin.register(GoodPractice)
class GoodPracticeAdmin(CuratedAdmin):
    list_display = ["title", "city", "country", "period", "status", "updated_at"]
    list_filter = ["status", "scope", "country", "topic_areas", "indicators__pillar__slug"]
    search_fields = ["title", "summary", "city"]
    filter_horizontal = ["topic_areas", "indicators", "questions"]
    readonly_fields = AUDIT_FIELDS
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "seen_edit_count"]}),
        (_("Place and time"), {"fields": ["scope", "city", "country", "city_size", "period"]}),
        (_("Description"), {"fields": ["purpose", "rationale", "process"]}),
        (_("Source"), {"fields": ["source_title", "source_url"]}),
        (_("Links"), {"fields": ["topic_areas", "indicators", "questions"]}),
        (_("History"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]


# Registered beside the library's kinds, as its edits follow their rules; the admin still
# lists it with the checklist, its app.
@admin.register(GlossaryTerm)
class GlossaryTermAdmin(CuratedAdmin):
    list_display = ["term", "pillar", "slug"]
    list_filter = ["pillar"]
    search_fields = ["term", "definition"]
    prepopulated_fields = {"slug": ["term"]}
