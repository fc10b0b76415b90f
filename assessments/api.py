"""The read-only API (Django REST framework): projects, assessments with their answers and
scores, and the published checklist versions.

The same people see the same things as on the pages: every list starts from the scoped
querysets of `permissions`, so an object outside the user's scope is not found (404).
People sign in with the session of their browser, or with a personal token
(`Authorization: Bearer icc_...`) made on their profile page; each token, or each
session's user, may make `API_REQUESTS_PER_MINUTE` requests a minute.
"""

from django.conf import settings
from django.utils.translation import get_language
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from . import exports, permissions
from .models import Assessment, ChecklistVersion, Criterion, Project, Question


class TokenScheme(OpenApiAuthenticationExtension):
    """The personal tokens, as the OpenAPI description names them."""

    target_class = "assessments.api_access.TokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal token made on your profile page (icc_...)."}


# Projects and assessments ------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    run_by = serializers.CharField(source="organisation.name")
    submitted_to = serializers.CharField(source="city.name")
    funding_round = serializers.CharField(source="funding_round.name", default=None)
    topic_areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Project
        fields = ["id", "title", "summary", "target_groups", "run_by", "submitted_to",
                  "funding_round", "topic_areas", "starts_on", "ends_on"]


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """The projects of the user's city or organisation."""

    serializer_class = ProjectSerializer

    def get_queryset(self):
        return (
            permissions.visible_projects(self.request.user)
            .select_related("organisation", "city", "funding_round")
            .prefetch_related("topic_areas").order_by("pk")
        )


class AssessmentSerializer(serializers.ModelSerializer):
    project = serializers.IntegerField(source="project_id")
    checklist_version = serializers.CharField(source="version.label")
    assessed_by = serializers.CharField(source="assessor.name")

    class Meta:
        model = Assessment
        fields = ["id", "project", "purpose", "status", "checklist_version", "assessed_by",
                  "created_at", "submitted_at"]


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The assessments the user may see; one of them with its answers and scores, in the
    shape of the JSON export (assessments/schemas/assessment-export-1.0.schema.json)."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        return Assessment.objects.filter(
            pk__in=permissions.visible_assessments(self.request.user).values("pk")
        ).select_related("version", "assessor").order_by("pk")

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        description="The assessment as its JSON export (answers, scores, band, decision); "
                    "shape: assessments/schemas/assessment-export-1.0.schema.json. "
                    "`?lang=fr` for the texts in French.",
    )
    def retrieve(self, request, *args, **kwargs):
        assessment = permissions.get_assessment_for_user(request.user, kwargs["pk"])
        language = request.query_params.get("lang")
        if language not in dict(settings.LANGUAGES):
            language = get_language()
        return Response(exports.assessment_record(assessment, language=language))


# The published checklist ---------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["order", "text"]


class QuestionSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    pillar = serializers.CharField(source="indicator.pillar.slug")
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["code", "pillar", "indicator", "text", "help_text", "criteria"]


class ChecklistVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistVersion
        fields = ["label", "published_at", "notes"]


class ChecklistVersionDetailSerializer(ChecklistVersionSerializer):
    questions = serializers.SerializerMethodField()

    class Meta(ChecklistVersionSerializer.Meta):
        fields = [*ChecklistVersionSerializer.Meta.fields, "questions"]

    def get_questions(self, version) -> list[dict]:
        questions = Question.objects.of_version(version).prefetch_related("criteria")
        return QuestionSerializer(questions, many=True).data


class ChecklistVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """The published checklist versions; one of them with its questions and criteria
    (public)."""

    lookup_field = "label"
    lookup_value_regex = r"[\w.]+"
    authentication_classes = []
    permission_classes = []

    def get_queryset(self):
        return ChecklistVersion.objects.published().order_by("published_at", "label")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ChecklistVersionDetailSerializer
        return ChecklistVersionSerializer
