"""Pages and actions through the test client: the permission matrix, forms, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning import services
from learning.models import (
    Certificate,
    Comment,
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Material,
    Review,
    Submission,
)
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    StudentFactory,
    SubmissionFactory,
)


@pytest.fixture
def staff(db):
    """The root conftest's staff member, but a student by role: in the matrix below staff
    may also enroll (the root one is a teacher, which internships' matrix relies on)."""
    from accounts.tests.factories import UserFactory

    return UserFactory(email="staff@example.com", role="student", staff=True)


ROLES = ["anonymous", "stranger", "employer", "enrolled", "other_teacher", "teacher", "staff"]


@pytest.fixture
def world(teacher, other_teacher, student, stranger, employer, staff, course, lesson,
          assignment, quiz, enrollment):  # fmt: skip
    submission = SubmissionFactory(assignment=assignment, student=student)
    users = {
        "anonymous": None,
        "stranger": stranger,
        "employer": employer,
        "enrolled": student,
        "other_teacher": other_teacher,
        "teacher": teacher,
        "staff": staff,
    }
    return {"users": users, "course": course, "lesson": lesson, "assignment": assignment,
            "quiz": quiz, "submission": submission}  # fmt: skip


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _urls(w):
    c, lesson, a, q = w["course"], w["lesson"], w["assignment"], w["quiz"]
    return {
        "catalog": reverse("learning:course_list"),
        "course": c.get_absolute_url(),
        "reviews": reverse("learning:course_reviews", args=[c.pk]),
        "create": reverse("learning:course_create"),
        "edit": reverse("learning:course_update", args=[c.pk]),
        "delete": reverse("learning:course_delete", args=[c.pk]),
        "lesson": lesson.get_absolute_url(),
        "lesson_new": reverse("learning:lesson_create", args=[c.pk]),
        "lesson_edit": reverse("learning:lesson_update", args=[c.pk, lesson.pk]),
        "assignment": a.get_absolute_url(),
        "assignment_new": reverse("learning:assignment_create", args=[c.pk, lesson.pk]),
        "grading": reverse("learning:course_submissions", args=[c.pk]),
        "gradebook": reverse("learning:gradebook", args=[c.pk]),
        "gradebook_csv": reverse("learning:gradebook_csv", args=[c.pk]),
        "quiz": q.get_absolute_url(),
        "quiz_edit": reverse("learning:quiz_edit", args=[q.pk]),
        "quiz_new": reverse("learning:quiz_create", args=[c.pk]),
        "my": reverse("learning:my_courses"),
        "certificates": reverse("learning:certificate_list"),
        "teaching": reverse("learning:teaching"),
    }


# Expected status per page and role: 200 allowed, 302 login redirect, 403 refused.
L, OK, NO = 302, 200, 403
MATRIX = {
    #                anon stranger employer enrolled other_t teacher staff
    "catalog":        (OK, OK, OK, OK, OK, OK, OK),
    "course":         (OK, OK, OK, OK, OK, OK, OK),
    "reviews":        (OK, OK, OK, OK, OK, OK, OK),
    "create":         (L, NO, NO, NO, OK, OK, OK),
    "edit":           (L, NO, NO, NO, NO, OK, OK),
    "delete":         (L, NO, NO, NO, NO, OK, OK),
    "lesson":         (L, NO, NO, OK, NO, OK, OK),
    "lesson_new":     (L, NO, NO, NO, NO, OK, OK),
    "lesson_edit":    (L, NO, NO, NO, NO, OK, OK),
    "assignment":     (L, NO, NO, OK, NO, OK, OK),
    "assignment_new": (L, NO, NO, NO, NO, OK, OK),
    "grading":        (L, NO, NO, NO, NO, OK, OK),
    "gradebook":      (L, NO, NO, NO, NO, OK, OK),
    "gradebook_csv":  (L, NO, NO, NO, NO, OK, OK),
    "quiz":           (L, NO, NO, OK, NO, OK, OK),
    "quiz_edit":      (L, NO, NO, NO, NO, OK, OK),
    "quiz_new":       (L, NO, NO, NO, NO, OK, OK),
    "my":             (L, OK, OK, OK, OK, OK, OK),
    "certificates":   (L, OK, OK, OK, OK, OK, OK),
    "teaching":       (L, NO, NO, NO, OK, OK, OK),
}  # fmt: skip


@pytest.mark.parametrize("page", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_page_permission_matrix(client, world, page, role):
    expected = MATRIX[page][ROLES.index(role)]
    response = _as(client, world["users"][role]).get(_urls(world)[page])
    assert response.status_code == expected, (page, role, response.status_code)
    if expected == L:
        assert "/accounts/login/" in response["Location"]


def test_lesson_body_hidden_before_enrolling(client, world, stranger):
    html = _as(client, None).get(world["course"].get_absolute_url()).content.decode()
    assert world["lesson"].title in html  # titles are public
    assert "секретное содержание" not in html
    response = _as(client, stranger).get(world["lesson"].get_absolute_url())
    assert response.status_code == 403 and "секретное содержание" not in response.content.decode()


def test_unpublished_course_is_404_for_others(client, teacher, stranger, staff):
    draft = CourseFactory(teacher=teacher, is_published=False, title="Черновик")
    lesson = LessonFactory(course=draft)
    for user in (None, stranger):
        c = _as(client, user)
        assert c.get(draft.get_absolute_url()).status_code == 404
        assert c.get(lesson.get_absolute_url()).status_code == 404
        assert "Черновик" not in c.get(reverse("learning:course_list")).content.decode()
        client.logout()
    assert _as(client, teacher).get(draft.get_absolute_url()).status_code == 200
    assert _as(client, staff).get(draft.get_absolute_url()).status_code == 200


# ---- Actions: each role's refusal


ACTIONS = {
    # name: (url builder, data, roles allowed)
    "enroll": (lambda w: reverse("learning:course_enroll", args=[w["course"].pk]), {},
               {"stranger", "enrolled", "staff"}),  # the staff user has the student role
    "lesson_done": (lambda w: reverse("learning:lesson_done",
                                      args=[w["course"].pk, w["lesson"].pk]), {}, {"enrolled"}),
    "lesson_move": (lambda w: reverse("learning:lesson_move",
                                      args=[w["course"].pk, w["lesson"].pk]),
                    {"direction": "down"}, {"teacher", "staff"}),
    "grade": (lambda w: reverse("learning:submission_grade", args=[w["submission"].pk]),
              {"grade": 7}, {"teacher", "staff"}),
    "return": (lambda w: reverse("learning:submission_return", args=[w["submission"].pk]), {},
               {"teacher", "staff"}),
    "review": (lambda w: reverse("learning:course_reviews", args=[w["course"].pk]),
               {"rating": 5, "text": "ok"}, {"enrolled"}),
    "comment": (lambda w: reverse("learning:comment_create", args=["lesson", w["lesson"].pk]),
                {"text": "Привет"}, {"enrolled", "teacher", "staff"}),
    "quiz_start": (lambda w: reverse("learning:quiz_start", args=[w["quiz"].pk]), {},
                   {"enrolled"}),
    "issue_certificate": (lambda w: reverse("learning:certificate_issue",
                                            args=[w["course"].pk]),
                          None,  # filled in by the test: the enrolled student's id
                          {"teacher", "staff"}),
}  # fmt: skip


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_action_permission_matrix(client, world, action, role):
    url_of, data, allowed = ACTIONS[action]
    if data is None:
        data = {"student": world["users"]["enrolled"].pk}
    response = _as(client, world["users"][role]).post(url_of(world), data)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in allowed:
        assert response.status_code in (200, 302), (action, role, response.status_code)
    else:
        assert response.status_code in (403, 404), (action, role, response.status_code)


def test_refused_actions_change_nothing(client, world, other_teacher, stranger):
    submission = world["submission"]
    _as(client, other_teacher).post(
        reverse("learning:submission_grade", args=[submission.pk]), {"grade": 9}
    )
    submission.refresh_from_db()
    assert submission.grade is None
    client.force_login(stranger)
    client.post(reverse("learning:lesson_done", args=[world["course"].pk, world["lesson"].pk]))
    assert not LessonProgress.objects.exists()
    client.post(reverse("learning:course_reviews", args=[world["course"].pk]), {"rating": 1})
    assert not Review.objects.exists()


def test_get_on_actions_is_405(client, world, student):
    client.force_login(student)
    for url in (
        reverse("learning:course_enroll", args=[world["course"].pk]),
        reverse("learning:lesson_done", args=[world["course"].pk, world["lesson"].pk]),
        reverse("learning:submission_grade", args=[world["submission"].pk]),
        reverse("learning:quiz_start", args=[world["quiz"].pk]),
    ):
        assert client.get(url).status_code == 405, url


# ---- Forms and flows


def test_teacher_creates_course_with_bad_input_then_good(client, teacher):
    client.force_login(teacher)
    url = reverse("learning:course_create")
    response = client.post(url, {"title": "", "summary": "", "level": "beginner"})
    assert response.status_code == 200 and not Course.objects.exists()
    assert "errorlist" in response.content.decode() or "invalid" in response.content.decode()
    response = client.post(
        url,
        {"title": "SQL с нуля", "summary": "Запросы", "level": "beginner", "is_published": "on"},
    )
    course = Course.objects.get()
    assert response.status_code == 302 and course.teacher == teacher and course.is_published


def test_enroll_with_htmx_returns_the_box(client, course, stranger):
    client.force_login(stranger)
    response = client.post(
        reverse("learning:course_enroll", args=[course.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="enroll-box"' in html and "<html" not in html
    assert Enrollment.objects.filter(student=stranger, course=course).exists()


def test_submit_with_file_and_late_flag_shown(client, lesson, student, enrollment):
    import datetime

    from django.utils import timezone

    assignment = AssignmentFactory(
        lesson=lesson, due_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(student)
    response = client.post(
        assignment.get_absolute_url(),
        {"answer": "", "file": SimpleUploadedFile("work.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 302
    submission = Submission.objects.get(assignment=assignment)
    assert submission.is_late and submission.original_name == "work.pdf"
    html = client.get(assignment.get_absolute_url()).content.decode()
    assert "work.pdf" in html
    file_response = client.get(reverse("learning:submission_file", args=[submission.pk]))
    assert file_response.status_code == 200
    assert "attachment" in file_response["Content-Disposition"]


def test_empty_submission_is_a_form_error(client, assignment, student, enrollment):
    client.force_login(student)
    response = client.post(assignment.get_absolute_url(), {"answer": "  "})
    assert response.status_code == 422 and not Submission.objects.exists()


def test_resubmitting_a_checked_work_is_a_form_error(client, assignment, student, enrollment,
                                                     teacher):  # fmt: skip
    submission = services.submission_submit(assignment=assignment, student=student, answer="a")
    services.submission_grade(submission=submission, by=teacher, grade=8)
    client.force_login(student)
    response = client.post(assignment.get_absolute_url(), {"answer": "b"})
    assert response.status_code == 422
    assert Submission.objects.get().answer == "a"


@pytest.mark.parametrize("grade", ["-1", "11", "abc", ""])
def test_grade_out_of_range_refused_in_the_view(client, world, teacher, grade):
    client.force_login(teacher)
    submission = world["submission"]
    response = client.post(
        reverse("learning:submission_grade", args=[submission.pk]),
        {"grade": grade},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    submission.refresh_from_db()
    assert submission.grade is None and submission.status == Submission.Status.SUBMITTED


def test_grade_inline_with_htmx(client, world, teacher):
    client.force_login(teacher)
    submission = world["submission"]
    response = client.post(
        reverse("learning:submission_grade", args=[submission.pk]),
        {"grade": "9", "comment": "Хорошо"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert f'id="grade-{submission.pk}"' in response.content.decode()
    submission.refresh_from_db()
    assert submission.grade == 9 and submission.status == Submission.Status.CHECKED


def test_material_upload_served_as_download_only_to_students(client, lesson, teacher, student,
                                                             enrollment, stranger):  # fmt: skip
    client.force_login(teacher)
    url = reverse("learning:material_add", args=[lesson.course_id, lesson.pk])
    bad = client.post(url, {"title": "x", "file": SimpleUploadedFile("a.exe", b"MZ")})
    assert bad.status_code == 422 and not Material.objects.exists()
    client.post(url, {"title": "Слайды", "file": SimpleUploadedFile("s.pptx", b"PK")})
    material = Material.objects.get()
    download = reverse(
        "learning:material_download", args=[lesson.course_id, lesson.pk, material.pk]
    )
    client.force_login(student)
    response = client.get(download)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    client.force_login(stranger)
    assert client.get(download).status_code == 403


def test_submission_comments_private(client, world, student, stranger, teacher):
    submission = world["submission"]
    client.force_login(student)
    url = reverse("learning:comment_create", args=["submission", submission.pk])
    client.post(url, {"text": "Вопрос по оценке"})
    assert Comment.objects.filter(submission=submission).count() == 1
    client.force_login(stranger)
    assert client.post(url, {"text": "влезу"}).status_code == 404
    client.force_login(teacher)
    html = client.get(world["assignment"].get_absolute_url()).content.decode()
    assert "Вопрос по оценке" in html
    other = StudentFactory()
    EnrollmentFactory(course=world["course"], student=other)
    client.force_login(other)
    html = client.get(world["assignment"].get_absolute_url()).content.decode()
    assert "Вопрос по оценке" not in html


def test_private_discussion_has_its_own_empty_state(client, world, student, teacher):
    """An empty private discussion does not invite "a question or a tip" as public comments do."""
    public_empty = "Комментариев пока нет. Задайте вопрос или поделитесь советом."
    url = world["assignment"].get_absolute_url()
    client.force_login(student)
    html = client.get(url).content.decode()
    assert "Личных сообщений пока нет. Это обсуждение видите только вы и преподаватель." in html
    assert html.count(public_empty) == 1  # the assignment's public comments only
    client.force_login(teacher)
    html = client.get(url).content.decode()
    assert "Личных сообщений пока нет. Это обсуждение видите только вы и студент." in html
    assert html.count(public_empty) == 1
    services.comment_create(author=student, target=world["submission"], text="Вопрос по оценке")
    html = client.get(url).content.decode()
    assert "Вопрос по оценке" in html and "Личных сообщений пока нет" not in html


def test_comment_edit_only_author_or_staff(client, world, student, stranger, staff):
    comment = services.comment_create(author=student, target=world["lesson"], text="Было")
    client.force_login(stranger)
    assert (
        client.post(
            reverse("learning:comment_update", args=[comment.pk]), {"text": "Х"}
        ).status_code
        == 403
    )
    assert client.post(reverse("learning:comment_delete", args=[comment.pk])).status_code == 403
    client.force_login(student)
    client.post(reverse("learning:comment_update", args=[comment.pk]), {"text": "Стало"})
    comment.refresh_from_db()
    assert comment.text == "Стало"
    client.force_login(staff)
    client.post(reverse("learning:comment_delete", args=[comment.pk]))
    assert not Comment.objects.exists()


def test_comment_links_are_clickable_and_html_escaped(client, world, student):
    services.comment_create(
        author=student, target=world["lesson"], text="см. https://example.com <b>x</b>"
    )
    client.force_login(student)
    html = client.get(world["lesson"].get_absolute_url()).content.decode()
    assert 'href="https://example.com"' in html and "<b>x</b>" not in html


def test_certificate_public_page_and_revocation(client, course, student, enrollment, teacher):
    certificate = services.certificate_issue(course=course, student=student, by=teacher)
    client.logout()
    response = client.get(certificate.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert student.get_full_name() in html and course.title in html
    assert teacher.get_full_name() in html and "<svg" in html and "learning-print.css" in html
    services.certificate_revoke(certificate=certificate, by=teacher)
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert "revoked" in html.lower() or "отозван" in html.lower()


def test_unknown_certificate_is_404(client, db):
    import uuid

    assert client.get(f"/certificates/{uuid.uuid4()}/").status_code == 404
    assert client.get("/certificates/not-a-uuid/").status_code == 404


def test_revoke_refused_to_student(client, course, student, enrollment, teacher):
    certificate = services.certificate_issue(course=course, student=student, by=teacher)
    client.force_login(student)
    url = reverse("learning:certificate_revoke", args=[certificate.uuid])
    assert client.post(url).status_code == 403
    assert Certificate.objects.get().status == Certificate.Status.ISSUED


def test_gradebook_csv(client, world, teacher):
    services.submission_grade(submission=world["submission"], by=teacher, grade=7)
    client.force_login(teacher)
    response = client.get(reverse("learning:gradebook_csv", args=[world["course"].pk]))
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert world["users"]["enrolled"].email in body and ",7," in body


def test_nav_shows_teaching_only_to_teachers(client, teacher, student):
    client.force_login(student)
    assert 'href="/teaching/"' not in client.get("/courses/").content.decode()
    client.force_login(teacher)
    assert 'href="/teaching/"' in client.get("/courses/").content.decode()


# ---- Query counts do not grow with rows


def _populate(n: int, teacher):
    courses = [CourseFactory(teacher=teacher) for _ in range(n)]
    main = courses[0]
    lessons = [LessonFactory(course=main) for _ in range(n)]
    assignments = [AssignmentFactory(lesson=lessons[0]) for _ in range(n)]
    students = [StudentFactory() for _ in range(n)]
    for student in students:
        for course in courses[:3]:
            EnrollmentFactory(course=course, student=student)
        SubmissionFactory(assignment=assignments[0], student=student)
        services.comment_create(author=student, target=lessons[0], text="Комментарий")
        services.review_save(course=main, student=student, rating=4, text="Норм")
    return main, lessons[0], assignments[0], students[0]


@pytest.mark.parametrize("n", [5, 50])
def test_query_counts_constant(client, django_assert_max_num_queries, teacher, n):
    main, lesson, assignment, a_student = _populate(n, teacher)
    for student in (a_student,):
        for course in Course.objects.all()[:5]:
            Enrollment.objects.get_or_create(course=course, student=student)
    client.force_login(a_student)
    for url in (
        reverse("learning:course_list"),
        main.get_absolute_url(),
        lesson.get_absolute_url(),
        reverse("learning:my_courses"),
        assignment.get_absolute_url(),
    ):
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200
    client.force_login(teacher)
    for url in (
        reverse("learning:course_submissions", args=[main.pk]),
        reverse("learning:gradebook", args=[main.pk]),
        reverse("learning:teaching"),
        assignment.get_absolute_url(),
        main.get_absolute_url(),
    ):
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200


def test_lesson_model_exists(db):
    assert Lesson._meta.ordering == ["course", "order", "id"]


def test_htmx_enroll_also_opens_the_outline(client, course, lesson, stranger):
    client.force_login(stranger)
    html = client.post(
        reverse("learning:course_enroll", args=[course.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-swap-oob="true"' in html and lesson.get_absolute_url() in html
