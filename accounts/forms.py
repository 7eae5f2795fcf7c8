"""Forms of the accounts app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import User


class SignupExtraForm(forms.Form):
    """The fields allauth's signup form gets on top of email and password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(
        label=_("I am"),
        choices=User.Role.choices,
        initial=User.Role.STUDENT,
        widget=forms.RadioSelect,
    )

    def signup(self, request, user):
        services.user_complete_signup(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            role=self.cleaned_data["role"],
        )
