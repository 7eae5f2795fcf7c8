"""The rest of the permission matrix (test_views.py has the main pages and actions): every
other page and state-changing action of learning, for each role, and a refused action
changes nothing in the database."""

import pytest
from django.urls import reverse

from learning import services
from learning.models import (
    Assignment,
    Attempt,
    Certificate,
    Comment,
    Course,
    Enrollment,
    Lesson,
    Material,
    Question,
    Quiz,
    Review,
    Submission,
)
from learning.tests.test_views import ROLES, _as, staff, world  # noqa: F401  (fixtures)


@pytest.fixture
def more(world):  # noqa: F811
    """What the extra actions act on: the enrolled student's comment, review, attempt and
    certificate, and a link material."""
    student = world["users"]["enrolled"]
    teacher = world["users"]["teacher"]
    return {
        **world,
        "comment": services.comment_create(author=student, target=world["lesson"], text="Мой"),
        "review": services.review_save(course=world["course"], student=student, rating=4),
        "attempt": services.attempt_start(quiz=world["quiz"], student=student),
        "certificate": services.certificate_issue(
            course=world["course"], student=student, by=teacher
        ),
        "material": services.material_add(
            lesson=world["lesson"], by=teacher, title="Документация", url="https://docs.python.org/"
        ),
        "question": world["quiz"].questions.get(),
    }


def _snapshot() -> tuple:
    """Everything a learning action may change."""
    return (
        list(Course.objects.values_list("pk", "title", "is_published")),
        list(Lesson.objects.values_list("pk", "title", "order")),
        list(Assignment.objects.values_list("pk", "title", "max_grade")),
        list(Quiz.objects.values_list("pk", "title")),
        list(Question.objects.values_list("pk", "text")),
        list(Material.objects.values_list("pk", "title")),
        list(Enrollment.objects.values_list("pk", "student_id")),
        list(Review.objects.values_list("pk", "rating", "text")),
        list(Comment.objects.values_list("pk", "text")),
        list(Certificate.objects.values_list("pk", "status")),
        list(Attempt.objects.values_list("pk", "finished_at")),
        list(Submission.objects.values_list("pk", "status", "grade", "answer")),
    )


def _c(m):
    return m["course"].pk


def _cl(m):
    return [m["course"].pk, m["lesson"].pk]


def _cla(m):
    return [m["course"].pk, m["lesson"].pk, m["assignment"].pk]


# Pages not in test_views.MATRIX. 200 allowed, 302 login redirect, 403/404 refused.
L, OK, NO, NF = 302, 200, 403, 404
PAGES = {
    #                 anon stranger employer enrolled other_t teacher staff
    "course_delete":  (lambda m: reverse("learning:course_delete", args=[_c(m)]),
                       (L, NO, NO, NO, NO, OK, OK)),
    "lesson_delete":  (lambda m: reverse("learning:lesson_delete", args=_cl(m)),
                       (L, NO, NO, NO, NO, OK, OK)),
    "assignment_edit": (lambda m: reverse("learning:assignment_update", args=_cla(m)),
                        (L, NO, NO, NO, NO, OK, OK)),
    "comment_edit":   (lambda m: reverse("learning:comment_update", args=[m["comment"].pk]),
                       (L, NO, NO, OK, NO, NO, OK)),
    # The attempt is the enrolled student's: others (but the teacher) get a 404, not a hint.
    "attempt":        (lambda m: reverse("learning:attempt_detail",
                                         args=[m["quiz"].pk, m["attempt"].pk]),
                       (L, NF, NF, L, NF, L, L)),  # unfinished: a redirect to the quiz
    "certificate":    (lambda m: m["certificate"].get_absolute_url(),
                       (OK, OK, OK, OK, OK, OK, OK)),
}  # fmt: skip


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_more_pages_permission_matrix(client, more, page, role):
    url_of, statuses = PAGES[page]
    expected = statuses[ROLES.index(role)]
    response = _as(client, more["users"][role]).get(url_of(more))
    if expected == NO:
        assert response.status_code in (403, 404), (page, role, response.status_code)
    else:
        assert response.status_code == expected, (page, role, response.status_code)
    if role == "anonymous" and expected == L:
        assert "/accounts/login/" in response["Location"]


MANAGERS = {"teacher", "staff"}
ACTIONS = {
    # name: (url builder, POST data, roles allowed)
    "unenroll": (lambda m: reverse("learning:course_unenroll", args=[_c(m)]), {}, {"enrolled"}),
    "course_update": (lambda m: reverse("learning:course_update", args=[_c(m)]),
                      {"title": "Новое имя", "summary": "s", "level": "advanced"}, MANAGERS),
    "course_delete": (lambda m: reverse("learning:course_delete", args=[_c(m)]), {}, MANAGERS),
    "lesson_create": (lambda m: reverse("learning:lesson_create", args=[_c(m)]),
                      {"title": "Новый урок"}, MANAGERS),
    "lesson_update": (lambda m: reverse("learning:lesson_update", args=_cl(m)),
                      {"title": "Другое имя", "body": ""}, MANAGERS),
    "lesson_delete": (lambda m: reverse("learning:lesson_delete", args=_cl(m)), {}, MANAGERS),
    "material_add": (lambda m: reverse("learning:material_add", args=_cl(m)),
                     {"title": "Ссылка", "url": "https://example.com/"}, MANAGERS),
    "material_delete": (lambda m: reverse("learning:material_delete",
                                          args=[*_cl(m), m["material"].pk]), {}, MANAGERS),
    "assignment_create": (lambda m: reverse("learning:assignment_create", args=_cl(m)),
                          {"title": "Ещё", "max_grade": 10, "pass_grade": 5}, MANAGERS),
    "assignment_update": (lambda m: reverse("learning:assignment_update", args=_cla(m)),
                          {"title": "Иначе", "max_grade": 20, "pass_grade": 5}, MANAGERS),
    "assignment_delete": (lambda m: reverse("learning:assignment_delete", args=_cla(m)), {},
                          MANAGERS),
    "submit": (lambda m: m["assignment"].get_absolute_url(), {"answer": "Моё решение"},
               {"enrolled"}),
    "quiz_create": (lambda m: reverse("learning:quiz_create", args=[_c(m)]),
                    {"title": "Тест 2", "pass_mark": 50, "attempts_allowed": 0}, MANAGERS),
    "quiz_update": (lambda m: reverse("learning:quiz_edit", args=[m["quiz"].pk]),
                    {"title": "Переименован", "pass_mark": 50, "attempts_allowed": 0}, MANAGERS),
    "question_add": (lambda m: reverse("learning:quiz_edit", args=[m["quiz"].pk]),
                     {"action": "question", "question-text": "2+3?", "question-kind": "text",
                      "question-points": 1, "question-accepted": "5"}, MANAGERS),
    "question_delete": (lambda m: reverse("learning:question_delete",
                                          args=[m["quiz"].pk, m["question"].pk]), {}, MANAGERS),
    "quiz_delete": (lambda m: reverse("learning:quiz_delete", args=[m["quiz"].pk]), {}, MANAGERS),
    "attempt_submit": (lambda m: reverse("learning:attempt_submit",
                                         args=[m["quiz"].pk, m["attempt"].pk]), {}, {"enrolled"}),
    "comment_assignment": (lambda m: reverse("learning:comment_create",
                                             args=["assignment", m["assignment"].pk]),
                           {"text": "Вопрос"}, {"enrolled", "teacher", "staff"}),
    "comment_submission": (lambda m: reverse("learning:comment_create",
                                             args=["submission", m["submission"].pk]),
                           {"text": "Вопрос"}, {"enrolled", "teacher", "staff"}),
    "comment_update": (lambda m: reverse("learning:comment_update", args=[m["comment"].pk]),
                       {"text": "Иначе"}, {"enrolled", "staff"}),
    "comment_delete": (lambda m: reverse("learning:comment_delete", args=[m["comment"].pk]), {},
                       {"enrolled", "staff"}),
    "review_delete": (lambda m: reverse("learning:review_delete",
                                        args=[_c(m), m["review"].pk]), {}, {"enrolled"}),
    "certificate_revoke": (lambda m: reverse("learning:certificate_revoke",
                                             args=[m["certificate"].uuid]), {}, MANAGERS),
}  # fmt: skip


NO_OPS = {"unenroll"}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_more_actions_permission_matrix(client, more, action, role):
    url_of, data, allowed = ACTIONS[action]
    before = _snapshot()
    response = _as(client, more["users"][role]).post(url_of(more), data)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert _snapshot() == before
    elif action in NO_OPS and role not in allowed:
        # Leaving a course one is not in: a redirect, and nothing happens.

        assert response.status_code == 302 and _snapshot() == before
    elif role in allowed:
        assert response.status_code in (200, 302), (action, role, response.status_code)
        assert _snapshot() != before, (action, role, "nothing changed")
    else:
        assert response.status_code in (403, 404), (action, role, response.status_code)
        assert _snapshot() == before, (action, role)
