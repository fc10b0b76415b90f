from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from reversion.admin import VersionAdmin

from checklist_site.forms import StorableTextModelForm

from .curation import apply_edit_rules
from .models import FeedbackEntry, GoodPractice


class CuratedAdmin(VersionAdmin, TranslationAdmin):
    """Edits in the admin keep the workflow's rules: they are revisions, and a change to
    a published entry sends it back to review (publishing happens in the curation pages)."""

    form = StorableTextModelForm
    # A link typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if change:
            obj.edit_version += 1
        apply_edit_rules(obj, form, user=request.user)
        super().save_model(request, obj, form, change)


@admin.register(FeedbackEntry)
class FeedbackEntryAdmin(CuratedAdmin):
    list_display = ["title", "question", "applies_to", "kind", "status", "updated_at"]
    list_filter = ["status", "kind", "applies_to", "question__indicator__pillar__slug"]
    search_fields = ["title", "body", "question__code"]
    list_select_related = ["question"]
    autocomplete_fields = ["question"]
    # The workflow (and its four eyes) lives in the curation pages, not here.
    readonly_fields = ["status", "created_by", "created_at", "updated_at", "times_shown"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(GoodPractice)
class GoodPracticeAdmin(CuratedAdmin):
    list_display = ["title", "city", "country", "period", "status", "updated_at"]
    list_filter = ["status", "scope", "country", "topic_areas", "indicators__pillar__slug"]
    search_fields = ["title", "summary", "city"]
    filter_horizontal = ["topic_areas", "indicators", "questions"]
    # The workflow (and its four eyes) lives in the curation pages, not here.
    readonly_fields = ["status", "created_by", "created_at", "updated_at", "times_shown"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary"]}),
        (_("Place and time"), {"fields": ["scope", "city", "country", "city_size", "period"]}),
        (_("Description"), {"fields": ["purpose", "rationale", "process"]}),
        (_("Source"), {"fields": ["source_title", "source_url"]}),
        (_("Links"), {"fields": ["topic_areas", "indicators", "questions"]}),
        (_("History"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
