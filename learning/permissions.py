"""Who may do what in learning: named predicates for views, services, templates and the API."""

from __future__ import annotations

import rules

from learning.models import (
    Assignment,
    Certificate,
    Comment,
    Course,
    Enrollment,
    Lesson,
    Quiz,
    Review,
    Submission,
)


def _course_of(obj) -> Course | None:
    if isinstance(obj, Course):
        return obj
    if isinstance(obj, Lesson | Quiz | Certificate | Review):
        return obj.course
    if isinstance(obj, Assignment):
        return obj.lesson.course
    if isinstance(obj, Submission):
        return obj.assignment.lesson.course
    return None


def is_enrolled(user, course: Course) -> bool:
    """Whether the user is enrolled (cached on the user object for the request)."""
    if not user.is_authenticated or course is None:
        return False
    cache = user.__dict__.setdefault("_learning_enrolled", {})
    if course.pk not in cache:
        cache[course.pk] = Enrollment.objects.filter(student=user, course=course).exists()
    return cache[course.pk]


@rules.predicate
def can_create_course(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_teacher)


@rules.predicate
def can_manage_course(user, obj) -> bool:
    """The course's own teacher, or staff: edit, delete, lessons, grading, gradebook."""
    course = _course_of(obj)
    return bool(
        user.is_authenticated and course and (user.is_staff or course.teacher_id == user.pk)
    )


@rules.predicate
def can_view_course(user, course: Course) -> bool:
    if course is None:  # asked without an object (templates, the admin)
        return False
    return course.is_published or can_manage_course(user, course)


@rules.predicate
def can_enroll_course(user, course: Course) -> bool:
    if course is None:  # asked without an object (templates, the admin)
        return False
    return (
        user.is_authenticated
        and user.is_student
        and course.is_published
        and course.teacher_id != user.pk
    )


@rules.predicate
def can_study_course(user, obj) -> bool:
    """Lesson bodies, materials, assignments, quizzes: enrolled students, teacher, staff."""
    course = _course_of(obj)
    return can_manage_course(user, course) or (
        course is not None and course.is_published and is_enrolled(user, course)
    )


@rules.predicate
def can_submit_assignment(user, assignment: Assignment) -> bool:
    if assignment is None:  # asked without an object (templates, the admin)
        return False
    course = _course_of(assignment)
    return course.is_published and is_enrolled(user, course)


@rules.predicate
def can_view_submission(user, submission: Submission) -> bool:
    if submission is None:  # asked without an object (templates, the admin)
        return False
    return user.is_authenticated and (
        submission.student_id == user.pk or can_manage_course(user, submission)
    )


@rules.predicate
def can_grade_submission(user, submission: Submission) -> bool:
    return can_manage_course(user, submission)


@rules.predicate
def can_take_quiz(user, quiz: Quiz) -> bool:
    if quiz is None:  # asked without an object (templates, the admin)
        return False
    return quiz.course.is_published and is_enrolled(user, quiz.course)


@rules.predicate
def can_comment_on(user, target) -> bool:
    """Lessons and assignments: whoever studies the course; a submission: its student and
    the course's teacher (and staff)."""
    if not user.is_authenticated:
        return False
    if isinstance(target, Submission):
        return can_view_submission(user, target)
    return can_study_course(user, target)


@rules.predicate
def can_change_comment(user, comment: Comment) -> bool:
    if comment is None:  # asked without an object (templates, the admin)
        return False
    return user.is_authenticated and (user.is_staff or comment.author_id == user.pk)


@rules.predicate
def can_review_course(user, course: Course) -> bool:
    if course is None:  # asked without an object (templates, the admin)
        return False
    return course.is_published and is_enrolled(user, course)


@rules.predicate
def can_change_review(user, review: Review) -> bool:
    if review is None:  # asked without an object (templates, the admin)
        return False
    return user.is_authenticated and review.student_id == user.pk


@rules.predicate
def can_manage_certificate(user, obj) -> bool:
    """Issue by hand or revoke: the course's teacher and staff."""
    return can_manage_course(user, obj)


rules.add_perm("learning.create_course", can_create_course)
rules.add_perm("learning.manage_course", can_manage_course)
rules.add_perm("learning.see_course", can_view_course)
rules.add_perm("learning.enroll_course", can_enroll_course)
rules.add_perm("learning.study_course", can_study_course)
rules.add_perm("learning.submit_assignment", can_submit_assignment)
rules.add_perm("learning.see_submission", can_view_submission)
rules.add_perm("learning.grade_submission", can_grade_submission)
rules.add_perm("learning.take_quiz", can_take_quiz)
rules.add_perm("learning.comment_on", can_comment_on)
rules.add_perm("learning.edit_comment", can_change_comment)
rules.add_perm("learning.review_course", can_review_course)
rules.add_perm("learning.edit_review", can_change_review)
rules.add_perm("learning.manage_certificate", can_manage_certificate)
