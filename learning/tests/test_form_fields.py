"""The comment boxes and the lesson position box render with crispy (issue 11), with ids
unique on a page that has several: an assignment's public discussion and one private
discussion per submission."""

import re
from collections import Counter

from django.urls import reverse

from learning.models import Comment
from learning.tests.factories import LessonFactory, SubmissionFactory


def duplicate_ids(html: str) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    return sorted(name for name, count in ids.items() if count > 1)


def test_assignment_page_for_the_teacher_has_no_duplicate_ids(client, teacher, assignment):
    first, second = (SubmissionFactory(assignment=assignment) for _ in range(2))
    client.force_login(teacher)
    html = client.get(assignment.get_absolute_url()).content.decode()
    assert duplicate_ids(html) == []
    assert html.count('id="comments"') == 1
    for sub in (first, second):
        assert f'id="comments-submission-{sub.pk}"' in html
        box = re.search(rf'<textarea[^>]*id="comment-text-submission-{sub.pk}"[^>]*>', html)
        assert box, sub
        for attr in ('name="text"', 'rows="3"', 'maxlength="5000"', "required", "placeholder="):
            assert attr in box.group(0)
        assert re.search(r'class="[^"]*\binput\b', box.group(0))
        assert f'<label for="comment-text-submission-{sub.pk}" class="sr-only">' in html
    assert 'id="comment-text-assignment-' in html


def test_assignment_page_for_the_student_has_no_duplicate_ids(
    client, student, enrollment, assignment
):
    mine = SubmissionFactory(assignment=assignment, student=student)
    client.force_login(student)
    html = client.get(assignment.get_absolute_url()).content.decode()
    assert duplicate_ids(html) == []
    assert f'id="comments-submission-{mine.pk}"' in html and 'id="comments"' in html


def test_a_private_comment_leads_back_to_its_own_section(client, teacher, assignment):
    sub = SubmissionFactory(assignment=assignment)
    client.force_login(teacher)
    url = reverse("learning:comment_create", args=["submission", sub.pk])
    empty = client.post(url, {"text": "  "})
    assert empty.status_code == 302
    assert empty["Location"].endswith(f"#comments-submission-{sub.pk}")
    done = client.post(url, {"text": "Посмотрите второй пункт"})
    comment = Comment.objects.get(submission=sub)
    assert done["Location"].endswith(f"#comment-{comment.pk}")
    deleted = client.post(reverse("learning:comment_delete", args=[comment.pk]))
    assert deleted["Location"].endswith(f"#comments-submission-{sub.pk}")


def test_lesson_comment_box_keeps_its_section(client, student, enrollment, lesson):
    client.force_login(student)
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert 'id="comments"' in html
    assert f'id="comment-text-lesson-{lesson.pk}"' in html
    assert duplicate_ids(html) == []
    empty = client.post(reverse("learning:comment_create", args=["lesson", lesson.pk]), {})
    assert empty["Location"].endswith("#comments")


def test_lesson_position_boxes(client, teacher, course):
    lessons = [LessonFactory(course=course) for _ in range(3)]
    client.force_login(teacher)
    html = client.get(course.get_absolute_url()).content.decode()
    assert duplicate_ids(html) == []
    for number, lesson in enumerate(lessons, start=1):
        box = re.search(rf'<input[^>]*id="pos-{lesson.pk}"[^>]*>', html).group(0)
        for attr in ('type="number"', 'name="position"', 'min="1"', 'max="3"'):
            assert attr in box, (attr, box)
        assert re.search(r'class="[^"]*\binput\b', box)
        assert f'value="{number}"' in box
        assert "required" not in box
        assert f'<label for="pos-{lesson.pk}" class="sr-only">' in html
    moved = client.post(
        reverse("learning:lesson_move", args=[course.pk, lessons[2].pk]), {"position": 1}
    )
    assert moved.status_code == 302
    assert course.lessons.order_by("order").first().pk == lessons[2].pk
    # The partial the buttons swap in has the same boxes.
    partial = client.post(
        reverse("learning:lesson_move", args=[course.pk, lessons[0].pk]),
        {"direction": "up"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert f'id="pos-{lessons[0].pk}"' in partial


def test_a_student_never_sees_the_position_boxes(client, student, enrollment, course):
    LessonFactory(course=course)
    client.force_login(student)
    assert 'name="position"' not in client.get(course.get_absolute_url()).content.decode()
