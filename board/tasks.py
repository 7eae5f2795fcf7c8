"""Huey tasks of the board: sending a newsletter in batches, and its watchdog."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from board import services
from board.models import Newsletter
from site_config.siteurl import site_url_override


@db_task(retries=5, retry_delay=60)
def newsletter_send_task(newsletter_id: int, site_url: str | None = None) -> None:
    """Queue and send one batch, then queue the next one; a re-run resumes where it
    stopped (deliveries are recorded per user, mails are outbox rows with a unique key).
    Links point at `site_url` (the origin of the request that started the sending), else
    at settings.SITE_URL."""
    with site_url_override(site_url):
        more = services.newsletter_send_batch(newsletter_id=newsletter_id)
    if more:
        newsletter_send_task(newsletter_id, site_url=site_url)


@db_periodic_task(crontab(minute="*"))
def newsletter_resume_stalled_task() -> list[int]:
    """Every minute: bring progress up to date (the outbox's retry loop sends what a dead
    worker left) and queue again the newsletters whose sending stopped."""
    for newsletter_id in Newsletter.objects.filter(state=Newsletter.State.SENDING).values_list(
        "pk", flat=True
    ):
        services.newsletter_refresh_progress(newsletter_id=newsletter_id)
    stalled = services.newsletters_stalled()
    for newsletter_id in stalled:
        newsletter_send_task(newsletter_id)
    return stalled
