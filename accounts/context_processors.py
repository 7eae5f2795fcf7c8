from django.conf import settings


def site(request):
    """Values every page's layout needs (the unread count costs one query when logged in)."""
    from accounts.selectors import notification_unread_count

    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "unread_notification_count": (
            notification_unread_count(user=user) if user is not None else 0
        ),
    }
