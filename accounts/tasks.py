"""Huey tasks of the accounts app: the outbox's sender and its retry loop, the hourly
clean-up of unconfirmed signups."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from accounts import services


@db_task()
def outbox_send_task(mail_id: int) -> None:
    """Send one outbox row; a failure is recorded on the row and retried by the loop below."""
    services.outbox_deliver(mail_ids=[mail_id])


@db_periodic_task(crontab(minute="*"))
def outbox_retry_task() -> int:
    """Every minute: send what is due again (backoff elapsed, or its sender died)."""
    return services.outbox_deliver(mail_ids=services.outbox_due_ids())


@db_periodic_task(crontab(minute="17"))
def unconfirmed_signups_remove_task() -> int:
    """Hourly: signups never confirmed within a week are deleted."""
    return services.unconfirmed_signups_remove()
