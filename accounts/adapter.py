"""allauth adapter: its mails (the signup code, password reset) go through the outbox;
its password checks count wrong passwords per account and client (site_config.ratelimit)."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from accounts import services
from site_config import ratelimit


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # allauth's own rate limits count per client IP: the same TRUSTED_PROXY_COUNT
        # rule as ours, and a request that skipped a proxy is no 500.
        return ratelimit.client_ip(request)

    def pre_authenticate(self, request, **credentials):
        # The site's login, the admin's (it is the site's), the API's and
        # reauthentication all check passwords here.
        try:
            ratelimit.password_check_allowed(request, _account(credentials))
        except ratelimit.PasswordDelay as delay:
            raise forms.ValidationError(delay.message, code="password_delay") from None
        try:
            # allauth's limit per client IP across accounts (ACCOUNT_RATE_LIMITS).
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            request.password_delay = 60  # its window is a minute: 429 + Retry-After
            raise

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        account = _account(credentials)
        if user is None:
            ratelimit.password_failed(request, account)
        else:
            ratelimit.password_succeeded(request, account)
        return user

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


def _account(credentials: dict) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")
