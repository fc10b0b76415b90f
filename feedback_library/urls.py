from django.urls import path

from .views import coverage, curation, public

urlpatterns = [
    path("library/", public.practice_list, name="library"),
    path("library/practices/<slug:slug>/", public.practice_detail, name="practice-detail"),
    path("curation/", curation.curation_home, name="curation-home"),
    path("curation/preview/", curation.markdown_preview, name="curation-preview"),
    path("curation/import/", curation.library_import, name="curation-import"),
    path("curation/export/<slug:kind>.<slug:file_format>", curation.library_export,
         name="curation-export"),
    path("curation/<slug:kind>/new/", curation.entry_edit, name="curation-new"),
    path("curation/<slug:kind>/<int:pk>/", curation.entry_edit, name="curation-edit"),
    path("curation/<slug:kind>/<int:pk>/move/", curation.entry_move, name="curation-move"),
    path("curation/<slug:kind>/<int:pk>/history/", curation.entry_history,
         name="curation-history"),
    path("curation/<slug:kind>/<int:pk>/history/<int:revision_pk>/restore/",
         curation.entry_restore, name="curation-restore"),
    path("network/coverage/", coverage.coverage, name="coverage"),
]
