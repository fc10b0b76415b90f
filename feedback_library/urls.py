from django.urls import path

from . import views

urlpatterns = [
    path("library/", views.practice_list, name="library"),
    path("library/practices/<slug:slug>/", views.practice_detail, name="practice-detail"),
]
