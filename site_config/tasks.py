"""Site-wide Huey tasks: the hourly cleanup of uploads no content references."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from site_config.uploads import uploads_cleanup


@db_periodic_task(crontab(minute="17"))
def uploads_cleanup_task() -> int:
    """Every hour: delete the uploads older than UPLOAD_ORPHAN_HOURS that nothing uses."""
    return uploads_cleanup()
