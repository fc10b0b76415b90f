from django.urls import path

from .views import guide

urlpatterns = [
    path("guide/", guide.guide_index, name="guide"),
    path("guide/glossary/", guide.glossary, name="glossary"),
    path("guide/<slug:slug>/", guide.guide_pillar, name="guide-pillar"),
]
