"""allauth adapter: its mails (the signup code, password reset) go out through Huey."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from accounts import services


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # allauth renders the mail in the request (its context needs the request);
        # only the slow part, talking to the mail server, is queued after commit.
        # The same extra context allauth's own send_mail adds before rendering.
        ctx = {
            "request": self.request,
            "email": email,
            "current_site": get_current_site(self.request),
            "code_minutes": settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT // 60,
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        services.email_enqueue(
            subject=message.subject,
            body=message.body,
            to=list(message.to),
            html=html,
            from_email=message.from_email,
        )
