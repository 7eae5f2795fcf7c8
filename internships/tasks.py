"""Huey tasks of the internships app (thin: they call services)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from internships import services


@db_periodic_task(crontab(minute="*"))
def finish_due_auctions_task() -> int:
    """Every minute: finish auctions whose end time has passed (the best bid wins).

    Two overlapping runs are harmless: each auction is finished by a conditional UPDATE.
    """
    return services.auctions_finish_due()
