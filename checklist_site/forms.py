"""Form behaviour shared across the site: text PostgreSQL can store, logins of sane length."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from .validators import validate_no_lone_surrogate


class StorableTextMixin:
    """Every text field refuses what PostgreSQL cannot store, with a message, not a 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_no_lone_surrogate)


class StorableTextModelForm(StorableTextMixin, forms.ModelForm):
    """The admin's forms for checklist and library content."""


class UsernameLengthMixin:
    """A username longer than any account's is refused by the form, before authenticate().

    AuthenticationForm only sets the input's maxlength; the value reached authenticate(),
    whose failure django-axes records in a column of 255 characters: a longer name was a
    server error instead of the form's message.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass
