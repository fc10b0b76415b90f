"""The published library over the read-only API (public, no login)."""

from rest_framework import serializers, viewsets

from .models import FeedbackEntry, GoodPractice


class GoodPracticeSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    topic_areas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    indicators = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    questions = serializers.SerializerMethodField()

    class Meta:
        model = GoodPractice
        fields = ["slug", "title", "scope", "city", "country", "city_size", "period", "summary",
                  "purpose", "rationale", "process", "source_title", "source_url",
                  "topic_areas", "indicators", "questions"]

    def get_questions(self, practice) -> list[str]:
        # Codes, once each: a practice linked to a question of two versions serves both.
        return sorted({question.code for question in practice.questions.all()})


class GoodPracticeViewSet(viewsets.ReadOnlyModelViewSet):
    """Published good practices: real examples from cities, with their sources."""

    serializer_class = GoodPracticeSerializer
    lookup_field = "slug"
    authentication_classes = []
    permission_classes = []

    def get_queryset(self):
        return (
            GoodPractice.objects.published()
            .prefetch_related("topic_areas", "indicators", "questions").order_by("slug")
        )


class FeedbackEntrySerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code")

    class Meta:
        model = FeedbackEntry
        fields = ["slug", "question", "applies_to", "kind", "title", "body"]


class FeedbackEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Published recommendations and stories, by question code and the answers they serve."""

    serializer_class = FeedbackEntrySerializer
    lookup_field = "slug"
    authentication_classes = []
    permission_classes = []

    def get_queryset(self):
        return FeedbackEntry.objects.published().select_related("question").order_by("slug")
