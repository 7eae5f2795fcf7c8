"""Forms of the internships app. They validate input; services do the writing."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from internships.models import Application, Posting
from internships.selectors import POSTING_SORTS
from site_config.forms import OwnIdBoundField, hidden_labels
from site_config.richtext import RichTextField
from site_config.widgets import PromptSelect

MAX_MONEY = 10_000_000


def _split_skills(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class PostingForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Posting.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = RichTextField(label=_("Description"))
    location = forms.CharField(
        label=_("Location"),
        max_length=100,
        required=False,
        help_text=_("A city, e.g. Moscow. Leave empty for remote-only work."),
    )
    remote = forms.BooleanField(label=_("Remote work is possible"), required=False)
    pay_min = forms.IntegerField(
        label=_("Pay from, ₽ a month"), min_value=0, max_value=MAX_MONEY, required=False
    )
    pay_max = forms.IntegerField(
        label=_("Pay up to, ₽ a month"), min_value=0, max_value=MAX_MONEY, required=False
    )
    skills = forms.CharField(
        label=_("Skills wanted"),
        max_length=600,
        required=False,
        help_text=_("Separate skills with commas, e.g. Python, SQL, Figma."),
    )
    deadline = forms.DateField(
        label=_("Apply by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, employer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = employer.organizations.order_by("name")
        self.fields["deadline"].widget.attrs["min"] = timezone.localdate().isoformat()
        self.fields["skills"].widget.attrs["placeholder"] = "Python, SQL, Figma"

    @classmethod
    def initial_for(cls, posting: Posting) -> dict:
        return {
            "organization": posting.organization_id,
            "kind": posting.kind,
            "title": posting.title,
            "description": posting.description,
            "location": posting.location,
            "remote": posting.remote,
            "pay_min": posting.pay_min,
            "pay_max": posting.pay_max,
            "skills": ", ".join(skill.name for skill in posting.skills.all()),
            "deadline": posting.deadline,
        }

    def clean(self):
        data = super().clean()
        pay_min, pay_max = data.get("pay_min"), data.get("pay_max")
        if pay_min is not None and pay_max is not None and pay_min > pay_max:
            self.add_error("pay_max", _("The upper bound must not be below the lower one."))
        # Checked here too (the service checks it again) so that every error shows at once.
        deadline = data.get("deadline")
        if (
            deadline
            and deadline < timezone.localdate()
            and deadline != self.initial.get("deadline")
        ):
            self.add_error("deadline", _("The deadline cannot be in the past."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "location": data["location"],
            "remote": data["remote"],
            "pay_min": data["pay_min"],
            "pay_max": data["pay_max"],
            "skill_names": _split_skills(data["skills"]),
            "deadline": data["deadline"],
        }


class PostingFilterForm(forms.Form):
    """The list page's GET filters; invalid values are simply ignored."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All")), *Posting.Kind.choices],
        required=False,
    )
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    remote = forms.BooleanField(label=_("Remote"), required=False)
    skill = forms.CharField(label=_("Skill"), max_length=60, required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        choices=[("newest", _("Newest first")), ("deadline", _("Deadline soonest"))],
        required=False,
    )

    def filters(self, *, fixed_kind: str = "") -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        sort = data.get("sort") or "newest"
        return {
            "q": (data.get("q") or "").strip(),
            "kind": fixed_kind or data.get("kind") or "",
            "location": (data.get("location") or "").strip(),
            "remote": bool(data.get("remote")),
            "skill": (data.get("skill") or "").strip(),
            "sort": sort if sort in POSTING_SORTS else "newest",
        }


class ApplyForm(forms.Form):
    cover_letter = forms.CharField(
        label=_("Cover letter"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": _("Hello! I would like to join your team because…")}
        ),
        help_text=_("Why you, why this team: a few sentences are enough."),
    )


class ApplicationStatusForm(forms.Form):
    """The owner's status select (`#status-select-<pk>`). Drawn for one application
    (`application=`) it offers that application's next steps under a "Move to…" prompt;
    a POST is checked against every status and the service says which moves are allowed."""

    helper = hidden_labels()
    bound_field_class = OwnIdBoundField
    # As before: the prompt posts nothing and the view answers "Choose one of the offered…".
    use_required_attribute = False

    status = forms.ChoiceField(
        label=_("Change the status"), choices=Application.Status.choices, widget=PromptSelect
    )

    def __init__(self, *args, application: Application | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_ids = {}
        if application is not None:
            self.fields["status"].choices = [("", _("Move to…")), *application.employer_moves]
            self.field_ids = {"status": f"status-select-{application.pk}"}


class AuctionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("What you offer, e.g. “Junior Python developer, 20 hours a week”."),
    )
    pitch = forms.CharField(
        label=_("Short pitch"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your strengths and what you want to learn. Up to 1000 characters."),
    )
    reserve = forms.IntegerField(
        label=_("Minimum monthly stipend, ₽"),
        min_value=0,
        max_value=MAX_MONEY,
        help_text=_("Bids below this amount are refused."),
    )
    min_step = forms.IntegerField(
        label=_("Minimum bid step, ₽"), min_value=1, max_value=MAX_MONEY, initial=1000
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Between one hour and 14 days from now."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        if not self.is_bound and "ends_at" not in self.initial:
            self.initial["ends_at"] = (now + datetime.timedelta(days=3)).replace(
                second=0, microsecond=0
            )
        widget = self.fields["ends_at"].widget
        widget.attrs["min"] = (now + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
        widget.attrs["max"] = (now + datetime.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")


class BidForm(forms.Form):
    # The ids are the auction page's: the live updates and the journeys find them.
    amount = forms.IntegerField(
        label=_("Monthly stipend, ₽"),
        min_value=1,
        max_value=MAX_MONEY,
        widget=forms.NumberInput(
            attrs={
                "id": "bid-amount",
                "inputmode": "numeric",
                "step": 1,
                "aria-describedby": "bid-amount-help",
            }
        ),
    )
    posting = forms.ModelChoiceField(
        label=_("For the internship"),
        queryset=Posting.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"id": "bid-posting"}),
    )
    message = forms.CharField(
        label=_("Message to the student"),
        max_length=500,
        required=False,
        widget=forms.Textarea(
            attrs={
                "id": "bid-message",
                "rows": 2,
                "placeholder": _("Why our team is a great place to start"),
            }
        ),
    )
    # The best amount the bidder saw: tells "outbid" apart from "too low".
    seen_best = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, postings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posting"].queryset = postings
        self.fields["posting"].label_from_instance = lambda posting: (
            f"{posting.title} · {posting.organization.name}"
        )
