"""Forms of the accounts app."""

import re

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import selectors, services
from accounts.models import Organization, Profile, Skill, User
from site_config.widgets import RadioCards


class SignupExtraForm(forms.Form):
    """The fields allauth's signup form gets on top of email and password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(
        label=_("I am"),
        choices=User.Role.choices,
        initial=User.Role.STUDENT,
        widget=RadioCards(
            hints={
                User.Role.STUDENT: _("Find internships, take courses"),
                User.Role.EMPLOYER: _("Post internships and jobs, hire talent"),
                User.Role.TEACHER: _("Publish courses and grade students"),
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def signup(self, request, user):
        services.user_complete_signup(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            role=self.cleaned_data["role"],
            # LocaleMiddleware has activated the language the signup page was shown in.
            language=getattr(request, "LANGUAGE_CODE", None) or translation.get_language(),
        )


# ---- Profile


class UserInfoForm(forms.ModelForm):
    """The account part of /profile/: names, phone, avatar, language, newsletters."""

    avatar = forms.FileField(
        label=_("New photo"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP, up to 5 MB. We shrink it to fit 200×200."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my photo"), required=False)
    # A photo chosen on a submit that failed elsewhere is kept (accounts.services.avatar_hold).
    avatar_held = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "language", "newsletter_opt_out"]
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "phone": _("Phone"),
            "language": _("Language of mails and notifications"),
        }
        help_texts = {
            "newsletter_opt_out": _("Do not send me the site's newsletters."),
            "language": _("Switching the site's language changes it too."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        phone = self.fields["phone"]
        phone.error_messages["invalid"] = _(
            "Enter a valid phone number, for example +7 912 345-67-89."
        )
        phone.widget.attrs.update({"autocomplete": "tel", "placeholder": "+7 912 345-67-89"})
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        # Each language in its own name ("Русский", "English"): findable whatever the page's.
        self.fields["language"].choices = [
            (code, translation.get_language_info(code)["name_local"])
            for code, _name in settings.LANGUAGES
        ]

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        return services.avatar_prepare(upload=upload, user=self.instance)

    def held_avatar_token(self) -> str:
        """After a failed submit: a token keeping the photo chosen in it (or in an earlier
        one), so it need not be chosen again; "" when there is none."""
        if "avatar" in self.errors or self.cleaned_data.get("remove_avatar"):
            return ""
        avatar = self.cleaned_data.get("avatar")
        if avatar is not None:
            return services.avatar_hold(user=self.instance, avatar=avatar)
        token = self.data.get("avatar_held", "")
        return token if services.avatar_held_url(user=self.instance, token=token) else ""

    def avatar_to_save(self):
        """The new photo: this submit's upload, else the one kept from a failed submit."""
        avatar = self.cleaned_data.get("avatar")
        if avatar is None and self.cleaned_data.get("avatar_held"):
            avatar = services.avatar_held(
                user=self.instance, token=self.cleaned_data["avatar_held"]
            )
        return avatar


class TelegramField(forms.URLField):
    """A Telegram link; a plain `@handle` (or `handle`) means https://t.me/handle."""

    HANDLE = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{4,31})$")

    def to_python(self, value):
        value = (value or "").strip()
        match = self.HANDLE.match(value)
        if match:
            value = f"https://t.me/{match.group(1)}"
        return super().to_python(value)


class AccountDeleteForm(forms.Form):
    """Deleting my account: the password, entered again, says it is really me."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ProfileForm(forms.ModelForm):
    """The "about me" part of /profile/: headline, bio, skills, links, organizations."""

    telegram = TelegramField(
        label=_("Telegram"),
        required=False,
        assume_scheme="https",
        help_text=_("@username or a t.me link."),
    )

    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=3000,
        help_text=_("Separate with commas, for example: Python, Django, SQL. Up to 30."),
        widget=forms.TextInput(attrs={"placeholder": "Python, Django, SQL"}),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("My organizations"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("A new tick asks to join: the organization's owners approve it."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Profile
        fields = list(Profile.EDITABLE_FIELDS)
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "education": forms.Textarea(attrs={"rows": 3}),
            "experience": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "headline": _("One line under your name, for example “Backend developer, 3rd year”."),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = selectors.organization_choices(user=user)
        if not self.is_bound:
            self.initial["organizations"] = list(
                user.memberships.values_list("organization_id", flat=True)
            ) + list(user.membership_requests.values_list("organization_id", flat=True))
            if self.instance.pk:
                self.initial["skills"] = ", ".join(s.name for s in self.instance.skills.all())
        placeholders = {
            "city": _("Moscow"),
            "website": "https://example.com",
            "github": "https://github.com/username",
            "linkedin": "https://linkedin.com/in/username",
            "telegram": "@username",
            "vk": "https://vk.com/username",
        }
        for name, text in placeholders.items():
            self.fields[name].widget.attrs["placeholder"] = text

    def clean_skills(self) -> list[str]:
        seen: dict[str, str] = {}
        too_long = []
        for part in self.cleaned_data.get("skills", "").replace("\n", ",").split(","):
            name = " ".join(part.split())
            if not name:
                continue
            if len(name) > SKILL_MAX_LENGTH:
                too_long.append(name)
                continue
            seen.setdefault(name.casefold(), name)
        if too_long:
            raise forms.ValidationError(
                _("Each skill must be at most %(max)s characters: %(skill)s…"),
                params={"max": SKILL_MAX_LENGTH, "skill": too_long[0][:SKILL_MAX_LENGTH]},
                code="skill_too_long",
            )
        if len(seen) > services.SKILLS_MAX:
            raise forms.ValidationError(
                _("List at most %(max)s skills (you have %(count)s)."),
                params={"max": services.SKILLS_MAX, "count": len(seen)},
                code="too_many_skills",
            )
        return list(seen.values())


SKILL_MAX_LENGTH = Skill._meta.get_field("name").max_length


# ---- Organizations


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "description", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        labels = {"name": _("Organization name")}
        help_texts = {
            "description": _("What the organization does, in a few sentences."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["placeholder"] = _("e.g. Northern Lights Studio")
        self.fields["website"].widget.attrs["placeholder"] = "https://example.com"

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if selectors.organization_name_taken(name=name, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                _("An organization with this name already exists."), code="unique"
            )
        return name
