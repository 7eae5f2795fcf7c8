"""Learning: courses, lessons with materials, assignments, quizzes, certificates, reviews."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Uploaded lesson materials: what is allowed and how large.
MATERIAL_EXTENSIONS = ("pdf", "docx", "pptx", "zip")
MATERIAL_MAX_BYTES = 20 * 1024 * 1024
SUBMISSION_EXTENSIONS = ("pdf", "docx", "pptx", "zip", "txt", "png", "jpg", "jpeg")
SUBMISSION_MAX_BYTES = 10 * 1024 * 1024


def _random_name(folder: str, filename: str) -> str:
    ext = os.path.splitext(filename)[1].lower()[:8]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


def material_upload_to(instance, filename: str) -> str:
    return _random_name("learning/materials", filename)


def submission_upload_to(instance, filename: str) -> str:
    return _random_name("learning/submissions", filename)


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Published courses, plus the viewer's own (and every course for staff)."""
        if user.is_authenticated and user.is_staff:
            return self
        if user.is_authenticated:
            return self.filter(Q(is_published=True) | Q(teacher=user))
        return self.published()


class Course(models.Model):
    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="courses_taught",
        verbose_name=_("teacher"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    cover = models.ImageField(_("cover"), upload_to="learning/covers/", blank=True)
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.BEGINNER, db_index=True
    )
    is_published = models.BooleanField(_("published"), default=False)
    # Lower-cased title and summary: SQLite's LIKE folds ASCII only.
    search_text = models.TextField(editable=False, blank=True, default="")
    # Stored counters (kept by services) so the catalog needs no query per card.
    rating_sum = models.PositiveIntegerField(default=0, editable=False)
    rating_count = models.PositiveIntegerField(_("reviews"), default=0, editable=False)
    student_count = models.PositiveIntegerField(_("students"), default=0, editable=False)
    lesson_count = models.PositiveIntegerField(_("lessons"), default=0, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["is_published", "-created"], name="course_pub_created_idx"),
            models.Index(fields=["teacher", "-created"], name="course_teacher_idx"),
            models.Index(fields=["-student_count"], name="course_popular_idx"),
            # The catalog's queries walk these in their exact order (tests/test_query_plans.py).
            models.Index(
                fields=["-created", "-id"], name="course_public_idx", condition=Q(is_published=True)
            ),
            models.Index(
                fields=["-student_count", "-id"],
                name="course_public_popular_idx",
                condition=Q(is_published=True),
            ),
            models.Index(fields=["teacher", "-created", "-id"], name="course_teacher_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:course_detail", args=[self.pk])

    @property
    def rating(self) -> float:
        return round(self.rating_sum / self.rating_count, 1) if self.rating_count else 0.0

    @property
    def rating_stars(self) -> int:
        return round(self.rating)


class Lesson(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["course", "order", "id"]
        indexes = [models.Index(fields=["course", "order"], name="lesson_course_order_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:lesson_detail", args=[self.course_id, self.pk])


class Material(models.Model):
    """A link or an uploaded document attached to a lesson."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="materials", verbose_name=_("lesson")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=material_upload_to, blank=True)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["lesson", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="material_link_xor_file",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def extension(self) -> str:
        return os.path.splitext(self.original_name or self.file.name)[1].lstrip(".").upper()

    def get_download_url(self) -> str:
        return reverse(
            "learning:material_download", args=[self.lesson.course_id, self.lesson_id, self.pk]
        )


class Assignment(models.Model):
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("lesson")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    max_grade = models.PositiveIntegerField(_("max grade"), default=10)
    pass_grade = models.PositiveIntegerField(_("pass grade"), default=6)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["lesson", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_grade__lte=models.F("max_grade")) & Q(max_grade__gt=0),
                name="assignment_pass_le_max",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "learning:assignment_detail",
            args=[self.lesson.course_id, self.lesson_id, self.pk],
        )

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_at and timezone.now() > self.due_at)


class Submission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Not checked")
        CHECKED = "checked", _("Checked")
        RETURNED = "returned", _("Returned for rework")

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("assignment"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("student"),
    )
    answer = models.TextField(_("answer"), blank=True)
    file = models.FileField(_("file"), upload_to=submission_upload_to, blank=True)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    grade = models.PositiveIntegerField(_("grade"), null=True, blank=True)
    teacher_comment = models.TextField(_("teacher's comment"), blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="submission_one_per_student"
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="submission_status_idx")]

    def __str__(self) -> str:
        return f"{self.assignment} — {self.student}"

    def get_absolute_url(self) -> str:
        return self.assignment.get_absolute_url() + f"?submission={self.pk}#submission-{self.pk}"

    @property
    def passed(self) -> bool:
        return (
            self.status == self.Status.CHECKED
            and self.grade is not None
            and self.grade >= self.assignment.pass_grade
        )


class Enrollment(models.Model):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("student"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("course")
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["student", "course"], name="enrollment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.course}"


class LessonProgress(models.Model):
    """A student marked a lesson done."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lesson done")
        verbose_name_plural = _("lessons done")
        constraints = [
            models.UniqueConstraint(fields=["student", "lesson"], name="lesson_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.student_id}: {self.lesson_id}"


class Quiz(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="quizzes", verbose_name=_("course")
    )
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("lesson"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pass_mark = models.PositiveIntegerField(
        _("pass mark, %"), default=60, help_text=_("The share of points needed to pass.")
    )
    attempts_allowed = models.PositiveIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit, minutes"), null=True, blank=True
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["course", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="quiz_pass_mark_pct")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:quiz_detail", args=[self.pk])


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Short text answer")

    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    order = models.PositiveIntegerField(_("order"), default=0)
    points = models.PositiveIntegerField(_("points"), default=1)
    # For short text answers: accepted answers, one per line.
    correct_text = models.TextField(
        _("accepted answers"), blank=True, help_text=_("For text answers: one per line.")
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["quiz", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def accepted_answers(self) -> list[str]:
        return [line.strip() for line in self.correct_text.splitlines() if line.strip()]


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(_("text"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "id"]

    def __str__(self) -> str:
        return self.text


class Attempt(models.Model):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("student"),
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz")
    )
    # {"<question id>": [choice ids] | "text"}
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    score = models.PositiveIntegerField(_("score"), default=0)
    max_score = models.PositiveIntegerField(_("max score"), default=0)
    percent = models.PositiveIntegerField(_("percent"), default=0)
    passed = models.BooleanField(_("passed"), default=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    timed_out = models.BooleanField(_("time ran out"), default=False)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["quiz", "student"], name="attempt_quiz_student_idx")]

    def __str__(self) -> str:
        return f"{self.quiz} — {self.student}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def deadline(self):
        if not self.quiz.time_limit_minutes:
            return None
        return self.started_at + timezone.timedelta(minutes=self.quiz.time_limit_minutes)

    @property
    def seconds_left(self) -> int | None:
        deadline = self.deadline
        if deadline is None:
            return None
        return max(0, int((deadline - timezone.now()).total_seconds()))


class Certificate(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("student"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("course")
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ISSUED
    )
    by_teacher = models.BooleanField(_("issued by the teacher"), default=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-id"]
        constraints = [
            # Exactly once per student and course, whoever and however many requests race.
            models.UniqueConstraint(fields=["student", "course"], name="certificate_once")
        ]

    def __str__(self) -> str:
        return f"{self.course} — {self.student}"

    def get_absolute_url(self) -> str:
        return reverse("learning:certificate_detail", args=[self.uuid])

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED


class Comment(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learning_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"), max_length=5000)
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    edited = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(lesson__isnull=False, assignment__isnull=True, submission__isnull=True)
                    | Q(lesson__isnull=True, assignment__isnull=False, submission__isnull=True)
                    | Q(lesson__isnull=True, assignment__isnull=True, submission__isnull=False)
                ),
                name="comment_exactly_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Review(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("course")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_reviews",
        verbose_name=_("student"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    text = models.TextField(_("review"), max_length=3000, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "student"], name="review_one_per_student"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_5"
            ),
        ]
        indexes = [models.Index(fields=["course", "-created"], name="review_course_idx")]

    def __str__(self) -> str:
        return f"{self.course}: {self.rating}"
