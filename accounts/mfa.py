"""Two-factor authentication for staff (allauth.mfa: TOTP apps and recovery codes).

Every member may turn it on at /accounts/2fa/; with `STAFF_REQUIRE_MFA` on, the admin
refuses staff who have not: they are sent to set up an authenticator app first. Logging
in always goes through allauth's login (the admin's own login form redirects there), and
allauth asks for the code after the password whenever the account has an authenticator.
"""

from allauth.mfa.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def staff_mfa_required(get_response):
    def middleware(request):
        if (
            getattr(settings, "STAFF_REQUIRE_MFA", False)
            and request.path.startswith(reverse("admin:index"))
            and request.user.is_authenticated
            and request.user.is_staff
            and not get_adapter().is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _("Turn on two-factor authentication to use the administration."),
            )
            return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware
