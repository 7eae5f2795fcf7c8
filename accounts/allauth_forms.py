"""allauth's forms, adjusted where the site needs it (settings.ACCOUNT_FORMS). They render
like every other form: django-crispy-forms with the site's templates/tailwind/."""

from allauth.account.forms import ConfirmEmailVerificationCodeForm


class ConfirmCodeForm(ConfirmEmailVerificationCodeForm):
    """The code mailed at signup: typed (or pasted from the mail) in capitals, never
    corrected by the phone's keyboard; the label says what it is, so no placeholder."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = self.fields["code"].widget.attrs
        attrs.pop("placeholder", None)
        attrs.update(
            {
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        )
