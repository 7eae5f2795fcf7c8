"""Reads of the community that join models or depend on who is asking, one module per
area; `home_section` feeds the home page."""

from community.selectors.blogs import home_blog_posts
from community.selectors.forums import home_threads
from community.selectors.videos import home_videos


def home_section() -> dict:
    """The community's section on the home page: new posts, lively threads, new videos."""
    return {
        "community_posts": home_blog_posts(),
        "community_threads": home_threads(),
        "community_videos": home_videos(),
    }
