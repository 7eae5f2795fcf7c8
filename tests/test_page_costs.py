"""In-process page costs (queries and ms per request) of the pages issue 10's later work
looked at: run on demand, not in the suite (`PAGE_COSTS=1 pytest tests/test_page_costs.py -s`).

The method of docs/benchmarks.md's in-process sections: Django's test client in one
process with the test settings, the median CPU time of the process over 30 warm
requests (`time.process_time`: the machine is shared, wall time is others' load), the
queries of one warm request; a thread of 20 posts per page, a catalog of 12 cards of which
the viewer is enrolled in 6, 12 applications.
"""

from __future__ import annotations

import os
import statistics
import time

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("PAGE_COSTS"), reason="a measurement (PAGE_COSTS=1)"),
]
RUNS = 30


def _measure(client, url) -> tuple[int, float]:
    for _ in range(3):
        assert client.get(url).status_code == 200
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        client.get(url)
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        client.get(url)
        times.append((time.process_time() - start) * 1000)
    return count, statistics.median(times)


def test_page_costs(client):
    from accounts.tests.factories import UserFactory
    from community.services import forums as forum_services
    from community.tests.factories import ForumFactory
    from internships.tests.factories import ApplicationFactory, PostingFactory
    from learning import services as learning_services
    from learning.tests.factories import (
        CourseFactory,
        EnrollmentFactory,
        LessonFactory,
        StudentFactory,
    )

    member = StudentFactory(first_name="Анна", last_name="Смирнова")
    forum = ForumFactory()
    posters = [UserFactory() for _ in range(6)]
    thread = None
    for number in range(10):
        thread = forum_services.thread_create(
            forum=forum, author=posters[0], title=f"Тема {number}", text="Начало"
        )
    for number in range(19):
        forum_services.post_create(
            thread=thread,
            author=posters[number % 6] if number % 4 else member,
            text=f"Ответ {number}: https://example.com и ещё немного текста " * 5,
        )
    courses = [CourseFactory() for _ in range(12)]
    for course in courses[:6]:
        lessons = [LessonFactory(course=course) for _ in range(4)]
        EnrollmentFactory(course=course, student=member)
        learning_services.lesson_mark_done(lesson=lessons[0], student=member)
    for _ in range(12):
        ApplicationFactory(posting=PostingFactory(), student=member)

    pages = [
        ("forum list", "member", reverse("community:forum_list")),
        ("a thread (20 posts)", "anon", f"{thread.get_absolute_url()}?page=1"),
        ("a thread (20 posts)", "member", f"{thread.get_absolute_url()}?page=1"),
        ("course catalog", "member", reverse("learning:course_list")),
        ("my courses", "member", reverse("learning:my_courses")),
        ("my applications", "member", reverse("internships:application_list")),
    ]
    rows = []
    for name, who, url in pages:
        client.logout()
        if who == "member":
            client.force_login(member)
        count, ms = _measure(client, url)
        rows.append(f"| {name} | {who} | {count} | {ms:.1f} |")
    print("\n| page | who | queries | CPU ms |\n|---|---|---|---|\n" + "\n".join(rows))
