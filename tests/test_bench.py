"""The parts of `make bench` (the run itself is too slow for the suite; see docs/benchmarks.md)."""

from __future__ import annotations

import importlib
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, clear_url_caches, resolve, reverse

from accounts.models import User
from board.models import Ad, Response
from internships.models import Application, Auction, Posting
from site_config.management.commands import bench

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings):
    """The URLconf as it is built with BENCH on, then back to normal."""
    import site_config.urls

    def build(enabled: bool):
        settings.BENCH = enabled
        importlib.reload(site_config.urls)
        clear_url_caches()

    yield build
    settings.BENCH = False
    importlib.reload(site_config.urls)
    clear_url_caches()


def test_baseline_is_routed_only_with_the_bench_setting(bench_urls, client):
    bench_urls(False)
    with pytest.raises(Resolver404):
        resolve("/bench/baseline/")
    with pytest.raises(NoReverseMatch):
        reverse("bench_baseline")
    assert client.get("/bench/baseline/").status_code == 404

    bench_urls(True)
    assert reverse("bench_baseline") == "/bench/baseline/"


def test_baseline_is_bare_no_query(bench_urls, client, django_assert_num_queries):
    bench_urls(True)
    with django_assert_num_queries(0):
        response = client.get("/bench/baseline/")
    assert response.status_code == 200
    assert len(response.content) < 300


def test_query_count_header(settings, client):
    from site_config.bench import BenchQueryCountMiddleware

    settings.MIDDLEWARE = ["site_config.bench.BenchQueryCountMiddleware", *settings.MIDDLEWARE]
    assert BenchQueryCountMiddleware
    response = client.get("/healthz")
    assert response["X-Bench-Queries"] == "1"  # its SELECT 1


def test_bench_seed_fills_every_table_and_gives_working_sessions():
    out = io.StringIO()
    call_command("bench_seed", "--ads", "60", stdout=out)
    assert Ad.objects.count() == 60
    assert Response.objects.count() == 300
    assert Posting.objects.count() == 12
    assert Application.objects.count() == 120
    assert Auction.objects.filter(bid_count__gt=0).exists()
    assert Ad.objects.filter(is_hidden=True).exists()
    # The learning and community tables at similar sizes.
    from community.models import BlogPost, Chat, ChatMember, ForumPost, Message, Thread, Video
    from learning.models import Course, Enrollment

    assert Course.objects.count() == 6
    assert Enrollment.objects.count() >= 100
    assert BlogPost.objects.count() == 60
    assert Thread.objects.count() == 12
    assert ForumPost.objects.count() == 120
    assert Video.objects.count() == 12
    assert Chat.objects.count() == 5
    assert Message.objects.count() == 50
    # The denormalized columns the lists read agree with the rows.
    for thread in Thread.objects.all():
        assert thread.reply_count == thread.posts.count() - 1
        assert thread.last_post == thread.posts.order_by("-created", "-id").first()
    for member in ChatMember.objects.select_related("chat"):
        assert member.chat_activity == member.chat.last_activity
        assert member.chat.last_message == member.chat.messages.order_by("-id").first()
    student = User.objects.get(email="bench-student@bench.local")
    assert ChatMember.objects.filter(user=student).exists()
    # Again: nothing more (it is meant for an empty database).
    call_command("bench_seed", "--ads", "60", stdout=io.StringIO())
    assert Ad.objects.count() == 60

    out = io.StringIO()
    call_command("bench_seed", "--targets", stdout=out)
    targets = json.loads(out.getvalue())
    assert targets["bidders"]
    for kind in ("student", "employer"):
        client = Client()
        client.cookies["sessionid"] = targets[kind]
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 200
        assert response.wsgi_request.user == User.objects.get(email=f"bench-{kind}@bench.local")
    # Every page the bench requests answers 200 for whom it is requested.
    for _name, path, who in bench.PAGES:
        client = Client()
        if who != "anon":
            client.cookies["sessionid"] = targets[who]
        response = client.get(path.format(**targets))
        assert response.status_code == 200, path


def test_wrk_report_and_markdown():
    report = bench.parse_wrk(
        'Running 1s test\nWRK_JSON {"requests": 100, "duration_us": 1000000, "bytes": 5, '
        '"errors_status": 0, "errors_other": 0, "p50": 1000, "p95": 2000, "p99": 3000}\n'
    )
    assert report["requests"] == 100
    with pytest.raises(Exception, match="no report"):
        bench.parse_wrk("garbage")
    base = bench.Result(
        "baseline", "/bench/baseline/", "baseline", 16, 1000, 1, 2, 3, 0.8, 0, 99, 0
    )
    page = bench.Result("board", "/board/", "anon", 16, 200, 5, 60, 90, 4.0, 3, 40_000, 0, 0.2)
    fast = bench.Result("board", "/board/", "anon", 16, 300, 5, 60, 90, 4.4, 3, 40_000, 0, 0.3)
    text = bench.render_markdown(
        runs={1000: [base, page], 10000: [base, fast]}, machine="test box", bids=None
    )
    assert "test box" in text
    assert "| board | anon | 16 | 200 | 20% |" in text
    assert "MISS" in text  # 20 % < 25 %
    assert "| board | 4.0 | 4.4 | +10% |" in text
