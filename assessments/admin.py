from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from checklist_site.forms import StorableTextModelForm

from . import invitations, services, structure
from .models import (
    ChecklistVersion,
    Criterion,
    Indicator,
    Invitation,
    Membership,
    Organisation,
    Pillar,
    Question,
    TopicArea,
)
from .models.organisations import ROLES_BY_KIND


class ChecklistVersionForm(forms.ModelForm):
    class Meta:
        model = ChecklistVersion
        fields = ["label", "status", "notes"]

    def clean(self):
        cleaned = super().clean()
        becomes_published = (
            cleaned.get("status") == ChecklistVersion.Status.PUBLISHED
            and self.instance.status != ChecklistVersion.Status.PUBLISHED
        )
        if becomes_published:
            breaches = structure.find_breaches(self.instance) if self.instance.pk else [
                gettext("A new version has no pillars yet.")
            ]
            if breaches:
                raise forms.ValidationError(
                    [gettext("This version cannot be published:"), *breaches]
                )
        return cleaned


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(admin.ModelAdmin):
    form = ChecklistVersionForm
    list_display = ["label", "status", "published_at", "question_count"]
    list_filter = ["status"]
    search_fields = ["label", "notes"]
    readonly_fields = ["published_at"]
    actions = ["publish_versions", "copy_as_draft"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            question_count=Count("pillars__indicators__questions")
        )

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, version):
        return version.question_count

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.is_published:
            structure.publish(obj)  # the form already checked the rule
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected versions"))
    def publish_versions(self, request, queryset):
        for version in queryset.exclude(status=ChecklistVersion.Status.PUBLISHED):
            try:
                structure.publish(version)
            except structure.ChecklistStructureError as error:
                self.message_user(
                    request,
                    gettext("%(label)s was not published: %(breaches)s")
                    % {"label": version.label, "breaches": " ".join(error.breaches)},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request, gettext("%(label)s is published.") % {"label": version.label}
                )

    @admin.action(description=_("Copy as a new draft version"))
    def copy_as_draft(self, request, queryset):
        for version in queryset:
            label = f"{version.label}-draft"
            if ChecklistVersion.objects.filter(label=label).exists():
                self.message_user(
                    request, gettext("%(label)s already exists.") % {"label": label},
                    messages.WARNING,
                )
                continue
            structure.copy_as_draft(version, label=label)
            self.message_user(request, gettext("Draft %(label)s created.") % {"label": label})


class FrozenWhenPublished:
    """Content of a published version is read-only: assessments were answered against it."""

    version_path: str

    def _version(self, obj):
        for attribute in self.version_path.split("__"):
            obj = getattr(obj, attribute)
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._version(obj).is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._version(obj).is_published:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Pillar)
class PillarAdmin(FrozenWhenPublished, TranslationAdmin):
    form = StorableTextModelForm
    version_path = "version"
    list_display = ["title", "slug", "version", "order"]
    list_filter = ["version", "slug"]
    search_fields = ["title", "narrative"]


@admin.register(Indicator)
class IndicatorAdmin(FrozenWhenPublished, TranslationAdmin):
    form = StorableTextModelForm
    version_path = "pillar__version"
    list_display = ["code", "title", "pillar", "order"]
    list_filter = ["pillar__version", "pillar__slug"]
    search_fields = ["code", "title", "description"]
    list_select_related = ["pillar__version"]


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0
    min_num = 2
    max_num = 5


@admin.register(Question)
class QuestionAdmin(FrozenWhenPublished, TranslationAdmin):
    form = StorableTextModelForm
    version_path = "indicator__pillar__version"
    inlines = [CriterionInline]
    list_display = ["code", "text", "indicator", "criteria_count"]
    list_filter = ["indicator__pillar__version", "indicator__pillar__slug"]
    search_fields = ["code", "text", "help_text"]
    list_select_related = ["indicator__pillar__version"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(criteria_count=Count("criteria"))

    @admin.display(description=_("criteria"), ordering="criteria_count")
    def criteria_count(self, question):
        return question.criteria_count


@admin.register(TopicArea)
class TopicAreaAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Secretariat administrators create cities here and invite their first coordinator."""

    list_display = ["name", "kind", "country", "population_band"]
    list_filter = ["kind", "country", "population_band"]
    search_fields = ["name"]
    filter_horizontal = ["cities"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        # Through the services, so that admin access follows each membership changed here.
        for membership in formset.save(commit=False):
            services.save_membership(membership)
        for membership in formset.deleted_objects:
            services.leave_organisation(membership)
        return None


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "organisation", "role"]

    def clean(self):
        cleaned = super().clean()
        organisation, role = cleaned.get("organisation"), cleaned.get("role")
        if not organisation:
            self.add_error("organisation", gettext("Choose the organisation to join."))
        elif role not in ROLES_BY_KIND[organisation.kind]:
            self.add_error(
                "role", gettext("This role does not exist in this kind of organisation.")
            )
        return cleaned


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations to organisations; saving a new one e-mails its link."""

    form = InvitationAdminForm
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]

    def get_queryset(self, request):
        # Invitations to an assessment team belong to the cities' work, not to the admin.
        return super().get_queryset(request).filter(organisation__isnull=False)

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.invited_by = request.user
        invitations.send_new(obj, base_url=request.build_absolute_uri("/"))
