from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import FeedbackEntry, GoodPractice, TopicArea


@admin.register(TopicArea)
class TopicAreaAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]


@admin.register(FeedbackEntry)
class FeedbackEntryAdmin(TranslationAdmin):
    list_display = ["title", "question", "applies_to", "kind", "status", "updated_at"]
    list_filter = ["status", "kind", "applies_to", "question__indicator__pillar__slug"]
    search_fields = ["title", "body", "question__code"]
    list_select_related = ["question"]
    autocomplete_fields = ["question"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(GoodPractice)
class GoodPracticeAdmin(TranslationAdmin):
    list_display = ["title", "city", "country", "period", "status", "updated_at"]
    list_filter = ["status", "scope", "country", "topic_areas", "indicators__pillar__slug"]
    search_fields = ["title", "summary", "city"]
    filter_horizontal = ["topic_areas", "indicators", "questions"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary"]}),
        (_("Place and time"), {"fields": ["scope", "city", "country", "city_size", "period"]}),
        (_("Description"), {"fields": ["purpose", "rationale", "process"]}),
        (_("Source"), {"fields": ["source_title", "source_url"]}),
        (_("Links"), {"fields": ["topic_areas", "indicators", "questions"]}),
        (_("History"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
