"""Huey tasks of the community: the notifications and mails of a new forum post."""

from huey.contrib.djhuey import db_task

from community.services import forums as services
from site_config.siteurl import site_url_override


@db_task(retries=3, retry_delay=30)
def forum_post_notify_task(
    post_id: int,
    mentions_only: bool = False,
    site_url: str | None = None,
    skip_ids: list[int] | None = None,
) -> None:
    """Notify the mentioned members and the thread's subscribers of a new (or, mentions
    only, an edited) post (one
    transaction: a retry after a failure does not notify anyone twice). Links point at
    `site_url`, the origin of the request that wrote the post."""
    with site_url_override(site_url):
        services.post_notify(post_id=post_id, mentions_only=mentions_only, skip_ids=skip_ids)
