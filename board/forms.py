"""Forms of the board; they validate input, the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from board.models import Ad, Category, Newsletter, Response
from site_config.richtext import RichTextField


class AdForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=Ad._meta.get_field("title").max_length,
        widget=forms.TextInput(
            attrs={"placeholder": _("For example: Looking for a healer for the Tuesday raid")}
        ),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Choose a category")), *Category.choices]
    )
    body = RichTextField(
        label=_("Text"),
        help_text=_("Pictures and YouTube, VK Video or Rutube videos are welcome."),
    )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 3:
            raise forms.ValidationError(_("The title is too short."))
        return title

    @classmethod
    def for_ad(cls, ad: Ad, data=None):
        initial = {"title": ad.title, "category": ad.category, "body": ad.body}
        return cls(data=data, initial=initial)


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("Your response"),
        max_length=Response.TEXT_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": _("Introduce yourself: class, level, when you can play…"),
            }
        ),
    )


class NewsletterForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=Newsletter._meta.get_field("subject").max_length
    )
    body = RichTextField(label=_("Text"))

    @classmethod
    def for_newsletter(cls, newsletter: Newsletter, data=None):
        return cls(data=data, initial={"subject": newsletter.subject, "body": newsletter.body})
