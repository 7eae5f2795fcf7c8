"""Garbage in every field of every learning form and filter: a form error or a designed
refusal, never a 500."""

from django.urls import reverse

from learning import services
from learning.tests.test_views import staff, world  # noqa: F401  (fixtures)

BAD = ["", "abc", "-1", "0", "99999999999999999999", "1e9", "<script>", "\x00", "9" * 300]
QUESTION_FIELDS = ("text", "kind", "points", "choices", "accepted")
FILTERS = ("q", "level", "teacher", "sort", "page", "comments", "assignment", "status",
           "per_page", "submission")  # fmt: skip


def test_bad_input_never_500s(client, world):  # noqa: F811
    c, lesson, a, q = world["course"], world["lesson"], world["assignment"], world["quiz"]
    teacher, student = world["users"]["teacher"], world["users"]["enrolled"]
    attempt = services.attempt_start(quiz=q, student=student)
    quiz_fields = ["title", "lesson", "pass_mark", "attempts_allowed", "time_limit"]
    posts = [
        (teacher, reverse("learning:lesson_move", args=[c.pk, lesson.pk]),
         ["position", "direction"]),
        (teacher, reverse("learning:submission_grade", args=[world["submission"].pk]),
         ["grade", "comment"]),
        (teacher, reverse("learning:submission_return", args=[world["submission"].pk]),
         ["comment"]),
        (teacher, reverse("learning:quiz_edit", args=[q.pk]), quiz_fields),
        (teacher, reverse("learning:quiz_create", args=[c.pk]), quiz_fields),
        (teacher, reverse("learning:assignment_create", args=[c.pk, lesson.pk]),
         ["title", "due_at", "max_grade", "pass_grade"]),
        (teacher, reverse("learning:lesson_create", args=[c.pk]), ["title", "body"]),
        (teacher, reverse("learning:course_update", args=[c.pk]),
         ["title", "summary", "level", "is_published"]),
        (teacher, reverse("learning:certificate_issue", args=[c.pk]), ["student"]),
        (teacher, reverse("learning:material_add", args=[c.pk, lesson.pk]), ["title", "url"]),
        (student, reverse("learning:course_reviews", args=[c.pk]), ["rating", "text"]),
        (student, a.get_absolute_url(), ["answer"]),
        (student, reverse("learning:comment_create", args=["lesson", lesson.pk]), ["text"]),
        (student, reverse("learning:attempt_submit", args=[q.pk, attempt.pk]),
         [f"q{q.questions.get().pk}"]),
    ]  # fmt: skip
    failures = []
    for user, url, fields in posts:
        client.force_login(user)
        for bad in BAD:
            data = dict.fromkeys(fields, bad)
            # The quiz editor's "add a question" form too.
            data |= {"action": "question", **{f"question-{f}": bad for f in QUESTION_FIELDS}}
            for headers in ({}, {"HX-Request": "true"}):
                status = client.post(url, data, headers=headers).status_code
                if status >= 500:
                    failures.append(("POST", url, bad, status))
    client.force_login(teacher)
    pages = [
        reverse("learning:course_list"),
        reverse("learning:course_submissions", args=[c.pk]),
        reverse("learning:gradebook", args=[c.pk]),
        reverse("learning:course_reviews", args=[c.pk]),
        reverse("learning:my_courses"),
        reverse("learning:certificate_list"),
        lesson.get_absolute_url(),
        a.get_absolute_url(),
    ]
    for url in pages:
        for bad in BAD:
            status = client.get(url, dict.fromkeys(FILTERS, bad)).status_code
            if status >= 500:
                failures.append(("GET", url, bad, status))
    assert not failures, failures
