"""The list endpoints no other test counts: their queries at 50 rows are no more than at 5.

(Each app's tests/test_api.py counts its main lists; tests/test_api_chats.py,
tests/test_api_teaching.py and tests/test_api_client_endpoints.py count theirs.)
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import NotificationFactory, UserFactory
from board.tests.factories import AdFactory, ResponseFactory
from community.services import forums as forum_services
from community.services import videos as video_services
from community.tests.factories import (
    BlogCommentFactory,
    BlogPostFactory,
    ForumFactory,
    ForumPostFactory,
    ThreadFactory,
    VideoCommentFactory,
    VideoFactory,
)
from internships.tests.factories import (
    ApplicationFactory,
    AuctionFactory,
    BidFactory,
    EmployerFactory,
    PostingFactory,
)
from learning.tests.factories import CourseFactory, EnrollmentFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_more_lists_do_not_grow_from_5_to_50_rows(api):
    member, employer, student = UserFactory(), EmployerFactory(), StudentFactory()
    ad = AdFactory(author=member)
    post = BlogPostFactory()
    thread = ThreadFactory()
    video = VideoFactory()
    posting = PostingFactory(employer=employer, kind="job")
    auction = AuctionFactory()
    views = {
        f"/api/ads/{ad.pk}/responses/": member,
        "/api/my-responses/": member,
        f"/api/blogs/{post.pk}/comments/": member,
        "/api/forums/": member,
        f"/api/threads/{thread.pk}/posts/": member,
        "/api/bookmarks/": member,
        f"/api/videos/{video.pk}/comments/": member,
        "/api/notifications/": member,
        "/api/jobs/": member,
        f"/api/jobs/{posting.pk}/applications/": employer,
        f"/api/auctions/{auction.pk}/bids/": employer,
        f"/api/users/{student.pk}/courses/": student,
        f"/api/users/{student.pk}/jobs/": student,
    }

    def grow(n):
        while ForumPostFactory._meta.model.objects.filter(thread=thread).count() < n + 1:
            ResponseFactory(ad=ad)
            ResponseFactory(author=member, ad=AdFactory())
            BlogCommentFactory(post=post)
            ForumFactory()
            ForumPostFactory(thread=thread)
            forum_services.thread_bookmark(thread=ThreadFactory(), user=member, on=True)
            comment = VideoCommentFactory(video=video)
            video_services.video_comment_like(comment=comment, user=member, on=True)
            NotificationFactory(recipient=member)
            job = PostingFactory(employer=employer, kind="job")
            ApplicationFactory(posting=posting)
            ApplicationFactory(posting=job, student=student)
            BidFactory(auction=auction, amount=50000 + 1000 * thread.posts.count())
            EnrollmentFactory(course=CourseFactory(), student=student)

    grow(5)
    counts = {}
    for url, user in views.items():
        with CaptureQueriesContext(connection) as queries:
            response = api(user).get(url, {"page_size": 100})
        assert response.status_code == 200, (url, response.content[:300])
        counts[url] = len(queries)
    grow(50)
    for url, user in views.items():
        with CaptureQueriesContext(connection) as queries:
            body = api(user).get(url, {"page_size": 100}).json()
        assert len(body["results"]) >= 50, (url, len(body["results"]))
        assert len(queries) <= counts[url], (url, counts[url], len(queries))
