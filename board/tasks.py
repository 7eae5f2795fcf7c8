"""Huey tasks of the board: sending a newsletter in batches."""

from huey.contrib.djhuey import db_task

from board import services


@db_task(retries=5, retry_delay=60)
def newsletter_send_task(newsletter_id: int) -> None:
    """Mail one batch, then queue the next one; a failure is retried and resumes where it
    stopped (deliveries are recorded per user)."""
    if services.newsletter_send_batch(newsletter_id=newsletter_id):
        newsletter_send_task(newsletter_id)
