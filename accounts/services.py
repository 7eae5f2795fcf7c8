"""Write operations of the accounts app; other apps call these too."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Notification, User


def email_deliver(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    from_email: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Send one mail now (called by the Huey task)."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers or {},
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def email_enqueue(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    from_email: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Queue a mail for Huey once the current transaction commits (never for a rollback)."""
    from accounts.tasks import send_email_task

    kwargs = {
        "subject": subject,
        "body": body,
        "to": list(to),
        "html": html,
        "from_email": from_email,
        "headers": headers or {},
    }
    transaction.on_commit(lambda: send_email_task(**kwargs))


def email_send_template(
    *,
    template: str,
    to: list[str],
    context: dict,
    language: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Render `emails/<template>_subject.txt`, `_message.txt` and `_message.html`, then queue.

    The context gets `site_url` for absolute links; rendering happens in the caller's
    language (or `language`), so a mail reads like the page that caused it.
    """
    with translation.override(language or translation.get_language()):
        ctx = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", ctx).split())
        body = render_to_string(f"emails/{template}_message.txt", ctx)
        html = render_to_string(f"emails/{template}_message.html", ctx)
    email_enqueue(subject=subject, body=body, to=to, html=html, headers=headers)


def notification_create(*, recipient: User, message: str, link: str = "") -> Notification:
    """Notify a user in the app (the bell in the nav and /notifications/)."""
    return Notification.objects.create(recipient=recipient, message=message[:300], link=link)


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them; returns how many changed."""
    qs = Notification.objects.for_user(user).unread()
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read=True)


def user_complete_signup(*, user: User, first_name: str, last_name: str, role: str) -> User:
    """Store the names and role given at signup and give the user an empty profile."""
    from accounts.models import Profile

    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.role = role
    user.save(update_fields=["first_name", "last_name", "role"])
    Profile.objects.get_or_create(user=user)
    return user
