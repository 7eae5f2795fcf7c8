"""Huey tasks of the accounts app: sending mail (with retries)."""

from huey.contrib.djhuey import db_task

from accounts import services


@db_task(retries=5, retry_delay=30)
def send_email_task(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    from_email: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Send one mail; a failure (SMTP down) raises, and Huey retries it later."""
    services.email_deliver(
        subject=subject, body=body, to=to, html=html, from_email=from_email, headers=headers
    )
