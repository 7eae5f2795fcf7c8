from django.conf import settings


def site(request):
    """Values every page's layout needs.

    The unread count is a callable: templates call it where they use it, so a page (or a
    django-tables2 cell rendering its own RequestContext) that never shows the bell runs
    no query, and the first use is remembered for the rest of the request.
    """
    from accounts.selectors import notification_unread_count

    user = getattr(request, "user", None)
    memo: dict[str, int] = {}

    def unread_notification_count() -> int:
        if "count" not in memo:
            memo["count"] = notification_unread_count(user=user) if user is not None else 0
        return memo["count"]

    return {
        "SITE_NAME": settings.SITE_NAME,
        "unread_notification_count": unread_notification_count,
        # How long an emailed signup code is valid (allauth's setting), for the code page.
        "code_minutes": settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT // 60,
    }
