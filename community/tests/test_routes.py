"""The community's addresses are the ones the house site map (shared/SITEMAP.md) lists:
each resolves to a community view, for pages and for sockets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import resolve

from site_config.routing import websocket_urlpatterns

# The "Community" section of SITEMAP.md, with <id> filled in.
SITEMAP_COMMUNITY = {
    "/blogs/": "blog_list",
    "/blogs/popular/": "blog_popular",
    "/blogs/new/": "blog_create",
    "/blogs/<id>/": "blog_detail",
    "/blogs/<id>/edit/": "blog_update",
    "/blogs/<id>/delete/": "blog_delete",
    "/forums/": "forum_list",
    "/forums/<id>/": "forum_detail",
    "/forums/<id>/threads/<id>/": "thread_detail",
    "/bookmarks/": "bookmark_list",
    "/chats/": "chat_list",
    "/chats/new/": "chat_create",
    "/chats/<id>/": "chat_detail",
    "/videos/": "video_list",
    "/videos/new/": "video_create",
    "/videos/<id>/": "video_detail",
}


def _sitemap() -> Path | None:
    """shared/ lies beside the repository (CI's clone, the main checkout) or at /work."""
    root = Path(__file__).resolve().parents[2]
    for candidate in (root.parent / "shared", root.parent.parent / "shared", Path("/work/shared")):
        if (candidate / "SITEMAP.md").is_file():
            return candidate / "SITEMAP.md"
    return None


@pytest.mark.parametrize(("path", "name"), sorted(SITEMAP_COMMUNITY.items()))
def test_every_sitemap_path_resolves_to_its_view(path, name):
    match = resolve(path.replace("<id>", "7"))
    assert match.namespace == "community" and match.url_name == name


def test_the_sitemap_lists_no_community_page_we_lack():
    sitemap = _sitemap()
    if sitemap is None:
        pytest.skip("shared/SITEMAP.md is not beside this checkout")
    text = sitemap.read_text()
    section = text.split("## Community", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(/[^`]*)`", section))
    assert listed == set(SITEMAP_COMMUNITY), listed ^ set(SITEMAP_COMMUNITY)


def test_the_socket_routes_of_the_sitemap_exist():
    routes = {str(pattern.pattern) for pattern in websocket_urlpatterns}
    assert routes == {
        "ws/notifications/",
        "ws/chats/<int:chat_id>/",
        "ws/auctions/<int:auction_id>/",
    }
