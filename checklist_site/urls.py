from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments.forms import LanguageAwarePasswordResetForm
from assessments.views.preferences import set_language

from . import views
from .forms import AdminLoginForm, LoginForm

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("assessments.urls")),
    path("", include("feedback_library.urls")),
    # Before the auth URLs, so that these forms are the ones used: usernames of sane
    # length, reset e-mails in the person's language.
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm),
         name="login"),
    path("accounts/password_reset/",
         auth_views.PasswordResetView.as_view(form_class=LanguageAwarePasswordResetForm),
         name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("checklist_site.api_urls")),
]

handler500 = views.server_error
