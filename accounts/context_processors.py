from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """Values every page's layout needs; the unread count is only queried if rendered."""
    from accounts.selectors import notification_unread_count

    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "unread_notification_count": SimpleLazyObject(
            lambda: notification_unread_count(user=user) if user is not None else 0
        ),
    }
