"""Write operations of the learning app."""

from __future__ import annotations

import os
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import email_send_template, notification_create, recipient_language
from learning import permissions as perms
from learning.models import (
    MATERIAL_EXTENSIONS,
    MATERIAL_MAX_BYTES,
    SUBMISSION_EXTENSIONS,
    SUBMISSION_MAX_BYTES,
    Assignment,
    Attempt,
    Certificate,
    Choice,
    Comment,
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Material,
    Question,
    Quiz,
    Review,
    Submission,
)
from learning.selectors import learner_namespace
from site_config.cache import bump
from site_config.models import Upload
from site_config.richtext import sanitize_html
from site_config.uploads import upload_allow, upload_delete_later, upload_save

# Network and clock slack before a timed quiz refuses the answers.
QUIZ_GRACE = timedelta(seconds=30)


def _require(allowed: bool, reason: str) -> None:
    if not allowed:
        raise PermissionDenied(reason)


def _check_upload(upload, *, extensions, max_bytes) -> None:
    ext = os.path.splitext(upload.name or "")[1].lstrip(".").lower()
    if ext not in extensions:
        raise ValidationError(
            _("Allowed file types: %(types)s.") % {"types": ", ".join(extensions)}, code="type"
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )


def check_material_file(upload) -> None:
    _check_upload(upload, extensions=MATERIAL_EXTENSIONS, max_bytes=MATERIAL_MAX_BYTES)


def check_submission_file(upload) -> None:
    _check_upload(upload, extensions=SUBMISSION_EXTENSIONS, max_bytes=SUBMISSION_MAX_BYTES)


# ---- Courses


def _course_fields(
    course: Course, *, owner, title, summary, description, level, is_published, cover
):
    title = " ".join((title or "").split())
    if len(title) < 3:
        raise ValidationError({"title": _("The title must be at least 3 characters long.")})
    if level not in Course.Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    course.title = title
    course.summary = " ".join((summary or "").split())
    course.description = sanitize_html(description)
    course.level = level
    course.is_published = bool(is_published)
    if cover:  # a new cover, within the teacher's upload quota and rate
        upload_save(
            owner=owner,
            file=course.cover,
            content=cover,
            kind=Upload.Kind.COURSE_COVER,
            field="cover",
        )
    elif cover is not None:
        course.cover = ""
    course.search_text = f"{course.title} {course.summary}".lower()


def course_create(
    *,
    teacher: User,
    title: str,
    summary: str,
    description: str = "",
    level: str = Course.Level.BEGINNER,
    is_published: bool = False,
    cover=None,
) -> Course:
    """A teacher starts a course (unpublished until they say so)."""
    _require(perms.can_create_course(teacher), _("Only teachers can create courses."))
    course = Course(teacher=teacher)
    _course_fields(
        course,
        owner=teacher,
        title=title,
        summary=summary,
        description=description,
        level=level,
        is_published=is_published,
        cover=cover,
    )
    course.save()
    return course


def course_update(*, course: Course, by: User, cover=None, **fields) -> Course:
    _require(perms.can_manage_course(by, course), _("Only the course's teacher can edit it."))
    _course_fields(course, owner=by, cover=cover, **fields)
    course.save()
    return course


def course_delete(*, course: Course, by: User) -> None:
    _require(perms.can_manage_course(by, course), _("Only the course's teacher can delete it."))
    course.delete()


def _refresh_lesson_count(course: Course) -> None:
    Course.objects.filter(pk=course.pk).update(lesson_count=course.lessons.count())
    bump("learning")  # update() sends no signals: the cached catalog must learn of it


# ---- Lessons and materials


def lesson_create(*, course: Course, by: User, title: str, body: str = "") -> Lesson:
    _require(perms.can_manage_course(by, course), _("Only the course's teacher can add lessons."))
    with transaction.atomic():
        last = course.lessons.aggregate(m=Max("order"))["m"] or 0
        lesson = Lesson.objects.create(
            course=course, title=" ".join(title.split()), body=sanitize_html(body), order=last + 1
        )
        _refresh_lesson_count(course)
    return lesson


def lesson_update(*, lesson: Lesson, by: User, title: str, body: str) -> Lesson:
    _require(perms.can_manage_course(by, lesson), _("Only the course's teacher can edit lessons."))
    lesson.title = " ".join(title.split())
    lesson.body = sanitize_html(body)
    lesson.save(update_fields=["title", "body"])
    return lesson


def lesson_delete(*, lesson: Lesson, by: User) -> None:
    _require(
        perms.can_manage_course(by, lesson), _("Only the course's teacher can delete lessons.")
    )
    with transaction.atomic():
        course = lesson.course
        lesson.delete()
        _refresh_lesson_count(course)
        _renumber(course)


def _renumber(course: Course) -> list[Lesson]:
    lessons = list(course.lessons.order_by("order", "id"))
    for index, lesson in enumerate(lessons, start=1):
        lesson.order = index
    Lesson.objects.bulk_update(lessons, ["order"])
    return lessons


def lesson_move(
    *, lesson: Lesson, by: User, direction: str = "", position: int | None = None
) -> Lesson:
    """Move a lesson up, down, or to a position (1-based) in its course."""
    _require(
        perms.can_manage_course(by, lesson), _("Only the course's teacher can reorder lessons.")
    )
    with transaction.atomic():
        lessons = _renumber(lesson.course)
        index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
        if position is not None:
            target = min(max(position, 1), len(lessons)) - 1
        elif direction == "up":
            target = max(index - 1, 0)
        elif direction == "down":
            target = min(index + 1, len(lessons) - 1)
        else:
            raise ValidationError(_("Say where to move the lesson."))
        moved = lessons.pop(index)
        lessons.insert(target, moved)
        for number, item in enumerate(lessons, start=1):
            item.order = number
        Lesson.objects.bulk_update(lessons, ["order"])
    lesson.order = target + 1
    return lesson


def material_add(*, lesson: Lesson, by: User, title: str, url: str = "", file=None) -> Material:
    _require(perms.can_manage_course(by, lesson), _("Only the course's teacher can add materials."))
    if bool(url) == bool(file):
        raise ValidationError(_("Give either a link or a file."))
    material = Material(lesson=lesson, title=" ".join(title.split()) or (file and file.name))
    if file:
        check_material_file(file)
        material.original_name = os.path.basename(file.name)[:200]
        material.size = file.size
        upload_save(
            owner=by, file=material.file, content=file, kind=Upload.Kind.MATERIAL, field="file"
        )
    else:
        material.url = url
    material.save()
    return material


def material_delete(*, material: Material, by: User) -> None:
    _require(
        perms.can_manage_course(by, material.lesson),
        _("Only the course's teacher can remove materials."),
    )
    stored = material.file
    material.delete()
    if stored:
        upload_delete_later(name=stored.name, storage=stored.storage)


# ---- Assignments


def _assignment_fields(assignment, *, title, description, due_at, max_grade, pass_grade):
    if max_grade is None or max_grade < 1:
        raise ValidationError({"max_grade": _("The max grade must be at least 1.")})
    if pass_grade is None or not 0 <= pass_grade <= max_grade:
        raise ValidationError({"pass_grade": _("The pass grade must be between 0 and the max.")})
    assignment.title = " ".join(title.split())
    assignment.description = sanitize_html(description)
    assignment.due_at = due_at
    assignment.max_grade = max_grade
    assignment.pass_grade = pass_grade


def assignment_create(*, lesson: Lesson, by: User, **fields) -> Assignment:
    _require(
        perms.can_manage_course(by, lesson), _("Only the course's teacher can add assignments.")
    )
    assignment = Assignment(lesson=lesson)
    _assignment_fields(assignment, **fields)
    assignment.save()
    return assignment


def assignment_update(*, assignment: Assignment, by: User, **fields) -> Assignment:
    _require(
        perms.can_manage_course(by, assignment),
        _("Only the course's teacher can edit assignments."),
    )
    _assignment_fields(assignment, **fields)
    assignment.save()
    return assignment


def assignment_delete(*, assignment: Assignment, by: User) -> None:
    _require(
        perms.can_manage_course(by, assignment),
        _("Only the course's teacher can delete assignments."),
    )
    assignment.delete()


# ---- Enrollment and progress


def enrollment_create(*, course: Course, student: User) -> Enrollment:
    """Enroll a student; enrolling twice is harmless."""
    if not course.is_published:
        raise PermissionDenied(_("This course is not open yet."))
    _require(perms.can_enroll_course(student, course), _("Only students can enroll in courses."))
    with transaction.atomic():
        enrollment, created = Enrollment.objects.get_or_create(student=student, course=course)
        if created:
            Course.objects.filter(pk=course.pk).update(student_count=F("student_count") + 1)
            bump("learning")
    student.__dict__.pop("_learning_enrolled", None)
    return enrollment


def enrollment_delete(*, course: Course, student: User) -> bool:
    """Leave a course (progress and submissions stay, should the student come back)."""
    with transaction.atomic():
        deleted, _n = Enrollment.objects.filter(student=student, course=course).delete()
        if deleted:
            Course.objects.filter(pk=course.pk, student_count__gt=0).update(
                student_count=F("student_count") - 1
            )
            bump("learning")
    student.__dict__.pop("_learning_enrolled", None)
    return bool(deleted)


def lesson_mark_done(*, lesson: Lesson, student: User, done: bool = True) -> bool:
    """Mark a lesson done (or not); may complete the course."""
    _require(
        perms.is_enrolled(student, lesson.course), _("Enroll in the course to track progress.")
    )
    if done:
        LessonProgress.objects.get_or_create(student=student, lesson=lesson)
        certificate_issue_if_complete(student=student, course=lesson.course)
    else:
        LessonProgress.objects.filter(student=student, lesson=lesson).delete()
    return done


# ---- Submissions


def submission_submit(
    *, assignment: Assignment, student: User, answer: str = "", file=None
) -> Submission:
    """Submit (or replace an unchecked / returned) answer; a checked one is final."""
    _require(
        perms.can_submit_assignment(student, assignment),
        _("Enroll in the course to submit assignments."),
    )
    answer = (answer or "").strip()
    if not answer and not file:
        raise ValidationError(_("Write an answer or attach a file."))
    if file:
        check_submission_file(file)
        upload_allow(user=student, size=file.size, field="file")
    now = timezone.now()
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .filter(assignment=assignment, student=student)
            .first()
        )
        old_file = None
        if submission is None:
            submission = Submission(assignment=assignment, student=student)
        elif submission.status == Submission.Status.CHECKED:
            raise ValidationError(
                _("Your work is already checked; the teacher can return it for rework.")
            )
        else:
            old_file = submission.file.name if submission.file else None
        submission.answer = answer
        if file:
            submission.original_name = os.path.basename(file.name)[:200]
            upload_save(
                owner=student,
                file=submission.file,
                content=file,
                kind=Upload.Kind.SUBMISSION,
                check=False,  # checked above, before the row lock
            )
        submission.submitted_at = now
        submission.status = Submission.Status.SUBMITTED
        submission.grade = None
        submission.checked_at = None
        submission.is_late = bool(assignment.due_at and now > assignment.due_at)
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError:  # a parallel first submission won: replace it instead
            raise ValidationError(_("Your answer was just submitted; reload the page.")) from None
        if file and old_file:
            storage = submission.file.storage
            upload_delete_later(name=old_file, storage=storage)
    return submission


def _notify_student(*, submission: Submission, template: str, message: str) -> None:
    student = submission.student
    link = submission.assignment.get_absolute_url()
    with recipient_language(student):
        notification_create(recipient=student, message=message, link=link)
    email_send_template(
        template=template,
        to=[student.email],
        context={"submission": submission, "assignment": submission.assignment, "link": link},
        language=student.language,
    )


def submission_grade(
    *, submission: Submission, by: User, grade: int | None, comment: str = ""
) -> Submission:
    """The teacher grades a submission (0..max) with a comment; the student hears of it."""
    _require(
        perms.can_grade_submission(by, submission),
        _("Only the course's teacher can grade this work."),
    )
    assignment = submission.assignment
    if grade is None or not 0 <= grade <= assignment.max_grade:
        raise ValidationError(
            {"grade": _("The grade must be from 0 to %(max)s.") % {"max": assignment.max_grade}}
        )
    with transaction.atomic():
        submission.grade = grade
        submission.teacher_comment = (comment or "").strip()
        submission.status = Submission.Status.CHECKED
        submission.checked_at = timezone.now()
        submission.save(update_fields=["grade", "teacher_comment", "status", "checked_at"])
        with recipient_language(submission.student):
            message = _("Your work “%(title)s” is graded: %(grade)s of %(max)s.") % {
                "title": assignment.title,
                "grade": grade,
                "max": assignment.max_grade,
            }
        _notify_student(submission=submission, template="learning_graded", message=message)
        certificate_issue_if_complete(student=submission.student, course=assignment.lesson.course)
    return submission


def submission_return(*, submission: Submission, by: User, comment: str = "") -> Submission:
    """Send checked (or unchecked) work back for rework: the student may submit again."""
    _require(
        perms.can_grade_submission(by, submission),
        _("Only the course's teacher can return this work."),
    )
    with transaction.atomic():
        submission.status = Submission.Status.RETURNED
        submission.grade = None
        if comment:
            submission.teacher_comment = comment.strip()
        submission.save(update_fields=["status", "grade", "teacher_comment"])
        with recipient_language(submission.student):
            message = _("Your work “%(title)s” was returned for rework.") % {
                "title": submission.assignment.title
            }
        _notify_student(submission=submission, template="learning_returned", message=message)
    return submission


# ---- Quizzes


def quiz_create(*, course: Course, by: User, lesson: Lesson | None = None, **fields) -> Quiz:
    _require(perms.can_manage_course(by, course), _("Only the course's teacher can add quizzes."))
    if lesson is not None and lesson.course_id != course.pk:
        raise ValidationError({"lesson": _("Choose a lesson of this course.")})
    quiz = Quiz(course=course, lesson=lesson)
    _quiz_fields(quiz, **fields)
    quiz.save()
    return quiz


def _quiz_fields(quiz, *, title, description="", pass_mark=60, attempts_allowed=0, time_limit=None):
    if not 0 <= (pass_mark or 0) <= 100:
        raise ValidationError({"pass_mark": _("The pass mark is a percentage from 0 to 100.")})
    quiz.title = " ".join(title.split())
    quiz.description = (description or "").strip()
    quiz.pass_mark = pass_mark or 0
    quiz.attempts_allowed = attempts_allowed or 0
    quiz.time_limit_minutes = time_limit or None


def quiz_update(*, quiz: Quiz, by: User, lesson: Lesson | None = None, **fields) -> Quiz:
    _require(perms.can_manage_course(by, quiz), _("Only the course's teacher can edit quizzes."))
    if lesson is not None and lesson.course_id != quiz.course_id:
        raise ValidationError({"lesson": _("Choose a lesson of this course.")})
    quiz.lesson = lesson
    _quiz_fields(quiz, **fields)
    quiz.save()
    return quiz


def quiz_delete(*, quiz: Quiz, by: User) -> None:
    _require(perms.can_manage_course(by, quiz), _("Only the course's teacher can delete quizzes."))
    quiz.delete()


def parse_choices(raw: str) -> list[tuple[str, bool]]:
    """Choices written one per line; a leading `*` marks a correct one."""
    choices = []
    for line in (raw or "").splitlines():
        line = line.strip()
        if not line:
            continue
        correct = line.startswith("*")
        text = line.lstrip("*").strip()
        if text:
            choices.append((text[:300], correct))
    return choices


def question_add(
    *, quiz: Quiz, by: User, text: str, kind: str, points: int = 1, choices: str = "",
    accepted: str = "",
) -> Question:  # fmt: skip
    """Add a question; choice questions take `choices` lines, text ones `accepted` lines."""
    _require(perms.can_manage_course(by, quiz), _("Only the course's teacher can edit quizzes."))
    text = (text or "").strip()
    parsed = parse_choices(choices)
    _check_question(kind=kind, text=text, parsed=parsed, accepted=accepted)
    with transaction.atomic():
        last = quiz.questions.aggregate(m=Max("order"))["m"] or 0
        question = Question.objects.create(
            quiz=quiz,
            text=text,
            kind=kind,
            points=max(points or 1, 1),
            order=last + 1,
            correct_text=accepted.strip() if kind == Question.Kind.TEXT else "",
        )
        if kind != Question.Kind.TEXT:
            Choice.objects.bulk_create(
                Choice(question=question, text=choice_text, is_correct=is_correct)
                for choice_text, is_correct in parsed
            )
    return question


def question_delete(*, question: Question, by: User) -> None:
    _require(
        perms.can_manage_course(by, question.quiz), _("Only the course's teacher can edit quizzes.")
    )
    question.delete()


def attempts_left(*, quiz: Quiz, student: User) -> int | None:
    """None for unlimited."""
    if not quiz.attempts_allowed:
        return None
    used = Attempt.objects.filter(quiz=quiz, student=student).count()
    return max(quiz.attempts_allowed - used, 0)


def attempt_start(*, quiz: Quiz, student: User) -> Attempt:
    """Start an attempt, or continue the one still open."""
    _require(perms.can_take_quiz(student, quiz), _("Enroll in the course to take its quizzes."))
    with transaction.atomic():
        # Lock the enrollment: two "Start" clicks at once must not both pass the attempts
        # check below (PostgreSQL; SQLite's IMMEDIATE transactions serialize them anyway).
        Enrollment.objects.select_for_update().filter(student=student, course=quiz.course).first()
        open_attempt = (
            Attempt.objects.select_for_update()
            .filter(quiz=quiz, student=student, finished_at__isnull=True)
            .first()
        )
        if open_attempt is not None:
            if not _expired(open_attempt):
                return open_attempt
            _finish(open_attempt, answers={}, timed_out=True)
        if not quiz.questions.exists():
            raise ValidationError(_("This quiz has no questions yet."))
        left = attempts_left(quiz=quiz, student=student)
        if left == 0:
            raise ValidationError(_("You have used all your attempts at this quiz."))
        return Attempt.objects.create(quiz=quiz, student=student)


def _expired(attempt: Attempt) -> bool:
    deadline = attempt.deadline
    return deadline is not None and timezone.now() > deadline + QUIZ_GRACE


def normalize_text(value: str) -> str:
    return " ".join(str(value or "").split()).casefold()


def score_answers(quiz: Quiz, answers: dict) -> tuple[int, int, dict]:
    """Points scored, points possible, and per-question right/wrong."""
    score = total = 0
    results = {}
    for question in quiz.questions.prefetch_related("choices"):
        total += question.points
        given = answers.get(str(question.pk))
        if question.kind == Question.Kind.TEXT:
            accepted = {normalize_text(a) for a in question.accepted_answers}
            right = bool(given) and normalize_text(given) in accepted
        else:
            correct = {c.pk for c in question.choices.all() if c.is_correct}
            chosen = {int(x) for x in (given or []) if str(x).isdigit()}
            right = bool(chosen) and chosen == correct
        results[str(question.pk)] = right
        if right:
            score += question.points
    return score, total, results


def _finish(attempt: Attempt, *, answers: dict, timed_out: bool = False) -> Attempt:
    quiz = attempt.quiz
    score, total, _results = score_answers(quiz, answers)
    attempt.answers = answers
    attempt.score = score
    attempt.max_score = total
    attempt.percent = round(score * 100 / total) if total else 0
    attempt.passed = bool(total) and attempt.percent >= quiz.pass_mark
    attempt.finished_at = timezone.now()
    attempt.timed_out = timed_out
    attempt.save()
    return attempt


def _posted(data, key: str) -> list[str]:
    """A field's values, from a QueryDict (the API) or an AttemptForm's cleaned_data."""
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data.get(key)
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [] if value in (None, "") else [str(value)]


def clean_answers(quiz: Quiz, data) -> dict:
    """Answers (`q<id>` keys: a POST or learning.forms.AttemptForm's cleaned_data) keyed by
    question id; unknown choices dropped."""
    answers = {}
    for question in quiz.questions.prefetch_related("choices"):
        key = f"q{question.pk}"
        if question.kind == Question.Kind.TEXT:
            value = str(data.get(key) or "").strip()[:300]
            if value:
                answers[str(question.pk)] = value
        else:
            valid = {str(c.pk) for c in question.choices.all()}
            chosen = [v for v in _posted(data, key) if v in valid]
            if question.kind == Question.Kind.SINGLE:
                chosen = chosen[:1]
            if chosen:
                answers[str(question.pk)] = [int(v) for v in chosen]
    return answers


def attempt_submit(*, attempt: Attempt, student: User, data) -> Attempt:
    """Finish an attempt with the answers (see clean_answers); past the time limit the
    answers are refused and the attempt counts as timed out with no points."""
    if attempt.student_id != student.pk:
        raise PermissionDenied(_("This is not your attempt."))
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        if locked.is_finished:
            raise ValidationError(_("This attempt is already finished."))
        if _expired(locked):
            _finish(locked, answers={}, timed_out=True)
        else:
            _finish(locked, answers=clean_answers(locked.quiz, data))
        if locked.passed:
            certificate_issue_if_complete(student=student, course=locked.quiz.course)
    return locked


# ---- Certificates


def course_requirements_met(*, student: User, course: Course) -> bool:
    """Every lesson done, every assignment checked and passed, every quiz passed."""
    lessons = course.lessons.count()
    done = LessonProgress.objects.filter(student=student, lesson__course=course).count()
    if done < lessons:
        return False
    assignments = Assignment.objects.filter(lesson__course=course).count()
    passed = Submission.objects.filter(
        student=student,
        assignment__lesson__course=course,
        status=Submission.Status.CHECKED,
        grade__gte=F("assignment__pass_grade"),
    ).count()
    if passed < assignments:
        return False
    quizzes = course.quizzes.count()
    passed_quizzes = (
        Attempt.objects.filter(student=student, quiz__course=course, passed=True)
        .values("quiz")
        .distinct()
        .count()
    )
    return passed_quizzes >= quizzes and (lessons + assignments + quizzes) > 0


def _certificate_create(*, student: User, course: Course, by_teacher: bool) -> Certificate | None:
    """Create the one certificate; None when it already exists (the unique constraint
    settles two requests finishing the last step at the same time)."""
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                student=student, course=course, by_teacher=by_teacher
            )
    except IntegrityError:
        return None
    Enrollment.objects.filter(student=student, course=course, completed_at__isnull=True).update(
        completed_at=certificate.issued_at
    )
    bump(learner_namespace(student.pk))  # update() sends no signals: my progress must know
    link = certificate.get_absolute_url()
    with recipient_language(student):
        notification_create(
            recipient=student,
            message=_("You have completed “%(course)s”: your certificate is ready.")
            % {"course": course.title},
            link=link,
        )
    email_send_template(
        template="learning_certificate",
        to=[student.email],
        context={"certificate": certificate, "course": course, "link": link},
        language=student.language,
    )
    return certificate


def certificate_issue_if_complete(*, student: User, course: Course) -> Certificate | None:
    """Issue the certificate once the rules hold; returns it only when issued just now."""
    if not perms.is_enrolled(student, course):
        return None
    if Certificate.objects.filter(student=student, course=course).exists():
        return None
    if not course_requirements_met(student=student, course=course):
        return None
    return _certificate_create(student=student, course=course, by_teacher=False)


def certificate_issue(*, course: Course, student: User, by: User) -> Certificate:
    """The teacher issues a certificate by hand (or re-issues a revoked one)."""
    _require(
        perms.can_manage_certificate(by, course),
        _("Only the course's teacher can issue certificates."),
    )
    if not Enrollment.objects.filter(student=student, course=course).exists():
        raise ValidationError(_("This student is not enrolled in the course."))
    existing = Certificate.objects.filter(student=student, course=course).first()
    if existing:
        if existing.is_revoked:
            existing.status = Certificate.Status.ISSUED
            existing.revoked_at = None
            existing.save(update_fields=["status", "revoked_at"])
        return existing
    return _certificate_create(student=student, course=course, by_teacher=True) or (
        Certificate.objects.get(student=student, course=course)
    )


def certificate_revoke(*, certificate: Certificate, by: User) -> Certificate:
    _require(
        perms.can_manage_certificate(by, certificate),
        _("Only the course's teacher or staff can revoke a certificate."),
    )
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["status", "revoked_at"])
    return certificate


# ---- Comments


def comment_create(*, author: User, target, text: str) -> Comment:
    _require(perms.can_comment_on(author, target), _("You cannot comment here."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("A comment is at most 5000 characters long.")})
    field = {Lesson: "lesson", Assignment: "assignment", Submission: "submission"}[type(target)]
    return Comment.objects.create(author=author, text=text, **{field: target})


def comment_update(*, comment: Comment, by: User, text: str) -> Comment:
    _require(perms.can_change_comment(by, comment), _("Only the author can edit a comment."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    comment.text = text[:5000]
    comment.edited = timezone.now()
    comment.save(update_fields=["text", "edited"])
    return comment


def comment_delete(*, comment: Comment, by: User) -> None:
    _require(perms.can_change_comment(by, comment), _("Only the author can delete a comment."))
    comment.delete()


# ---- Reviews


def _refresh_rating(course: Course) -> None:
    stats = Review.objects.filter(course=course, is_hidden=False).aggregate(
        total=Sum("rating"), n=Count("id")
    )
    Course.objects.filter(pk=course.pk).update(
        rating_sum=stats["total"] or 0, rating_count=stats["n"] or 0
    )
    bump("learning")


def review_save(*, course: Course, student: User, rating: int, text: str = "") -> Review:
    """Post or edit the student's one review of the course."""
    _require(
        perms.can_review_course(student, course),
        _("Only students enrolled in the course can review it."),
    )
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate the course from 1 to 5.")})
    with transaction.atomic():
        review, _created = Review.objects.update_or_create(
            course=course, student=student, defaults={"rating": rating, "text": text.strip()}
        )
        _refresh_rating(course)
    return review


def review_set_hidden(*, review: Review, hidden: bool, by: User) -> Review:
    _require(by.is_staff, _("Only staff can hide reviews."))
    review.is_hidden = hidden
    review.save(update_fields=["is_hidden"])
    _refresh_rating(review.course)
    return review


def review_delete(*, review: Review, by: User) -> None:
    _require(perms.can_change_review(by, review), _("Only the author can delete a review."))
    course = review.course
    review.delete()
    _refresh_rating(course)


# ---- Deleting an account (accounts.services.account_delete asks every app)


def user_erase(*, user: User) -> None:
    """A deleted account's part in learning, by the rules in README.md:

    - a student's own records go: submissions (with their files), quiz attempts, lesson
      progress, certificates, enrollments (course counters follow) and reviews (the rating
      is recomputed); their comments are deleted too;
    - a teacher's courses stay, unpublished when nobody is enrolled, so that enrolled
      students keep their lessons, grades and certificates (the teacher shows as
      "Deleted account").
    """
    files = [s.file for s in Submission.objects.filter(student=user).exclude(file="")]
    Submission.objects.filter(student=user).delete()
    for stored in files:
        name, storage = stored.name, stored.storage
        upload_delete_later(name=name, storage=storage)
    Attempt.objects.filter(student=user).delete()
    LessonProgress.objects.filter(student=user).delete()
    Certificate.objects.filter(student=user).delete()
    Comment.objects.filter(author=user).delete()
    reviewed = list(Course.objects.filter(reviews__student=user).distinct())
    Review.objects.filter(student=user).delete()
    for course in reviewed:
        _refresh_rating(course)
    enrolled = list(Enrollment.objects.filter(student=user).values_list("course_id", flat=True))
    Enrollment.objects.filter(student=user).delete()
    Course.objects.filter(pk__in=enrolled, student_count__gt=0).update(
        student_count=F("student_count") - 1
    )
    Course.objects.filter(teacher=user, student_count=0).update(is_published=False)
    bump("learning")


# ---- Editing one question or one choice (the API's PATCH/PUT; appended, see question_add)


def _check_question(*, kind: str, text: str, parsed: list[tuple[str, bool]], accepted: str):
    """The rules question_add applies, for an edited question's final state."""
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")})
    if kind == Question.Kind.TEXT:
        if not [line for line in accepted.splitlines() if line.strip()]:
            raise ValidationError({"accepted": _("Give at least one accepted answer.")})
        return
    correct = sum(1 for _text, is_correct in parsed if is_correct)
    if len(parsed) < 2:
        raise ValidationError({"choices": _("Give at least two choices.")})
    if correct == 0:
        raise ValidationError({"choices": _("Mark the correct choice with * at its start.")})
    if kind == Question.Kind.SINGLE and correct != 1:
        raise ValidationError(
            {"choices": _("A single-choice question has exactly one correct choice.")}
        )


def question_update(
    *, question: Question, by: User, text: str, kind: str, points: int = 1,
    choices: str | None = None, accepted: str = "",
) -> Question:  # fmt: skip
    """Edit a question. `choices` lines replace its choices; None keeps them (and their
    ids, which past attempts' answers refer to). A text question has no choices."""
    _require(
        perms.can_manage_course(by, question.quiz), _("Only the course's teacher can edit quizzes.")
    )
    text = (text or "").strip()
    accepted = (accepted or "").strip()
    if choices is None:
        parsed = [(c.text, c.is_correct) for c in question.choices.all()]
    else:
        parsed = parse_choices(choices)
    _check_question(kind=kind, text=text, parsed=parsed, accepted=accepted)
    with transaction.atomic():
        question.text = text
        question.kind = kind
        question.points = max(points or 1, 1)
        question.correct_text = accepted if kind == Question.Kind.TEXT else ""
        question.save(update_fields=["text", "kind", "points", "correct_text"])
        if kind == Question.Kind.TEXT:
            question.choices.all().delete()
        elif choices is not None:
            question.choices.all().delete()
            Choice.objects.bulk_create(
                Choice(question=question, text=choice_text, is_correct=is_correct)
                for choice_text, is_correct in parsed
            )
    return question


def choice_update(*, choice: Choice, by: User, text: str, is_correct: bool) -> Choice:
    """Edit one choice; its question must still have a right answer (exactly one for a
    single-choice question)."""
    question = choice.question
    _require(
        perms.can_manage_course(by, question.quiz), _("Only the course's teacher can edit quizzes.")
    )
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write the choice.")})
    with transaction.atomic():
        # Lock the question's choices: two edits at once must not leave it without an answer.
        others = list(
            Choice.objects.select_for_update().filter(question=question).exclude(pk=choice.pk)
        )
        parsed = [(c.text, c.is_correct) for c in others] + [(text, is_correct)]
        correct = sum(1 for _text, right in parsed if right)
        if correct == 0:
            raise ValidationError({"is_correct": _("The question needs a correct choice.")})
        if question.kind == Question.Kind.SINGLE and correct != 1:
            raise ValidationError(
                {
                    "is_correct": _(
                        "A single-choice question has exactly one correct choice: unmark "
                        "the other one first."
                    )
                }
            )
        choice.text = text[:300]
        choice.is_correct = is_correct
        choice.save(update_fields=["text", "is_correct"])
    return choice
