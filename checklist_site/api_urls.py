"""The read-only API under /api/v1/, and its OpenAPI description at /api/v1/schema/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from assessments.api import AssessmentViewSet, ChecklistVersionViewSet, ProjectViewSet
from feedback_library.api import FeedbackEntryViewSet, GoodPracticeViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="api-project")
router.register("assessments", AssessmentViewSet, basename="api-assessment")
router.register("checklists", ChecklistVersionViewSet, basename="api-checklist")
router.register("library/practices", GoodPracticeViewSet, basename="api-practice")
router.register("library/feedback", FeedbackEntryViewSet, basename="api-feedback")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    *router.urls,
]
