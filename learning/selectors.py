"""Reads of the learning app that join models or depend on who asks."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from learning.models import (
    Assignment,
    Attempt,
    Certificate,
    Comment,
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Quiz,
    Review,
    Submission,
)
from learning.permissions import can_manage_course, is_enrolled
from site_config.cache import VersionedRows, bump, versioned
from site_config.merged import MergedList

SORTS = {"new": ("-created", "-id"), "rating": ("-rating_avg", "-rating_count", "-id"),
         "popular": ("-student_count", "-id")}  # fmt: skip
CHART_DAYS = 30


def course_search(*, user, q: str = "", level: str = "", teacher: int | None = None,
                  sort: str = "new", cached: bool = False):  # fmt: skip
    """The catalog: visible courses with their teacher, filtered and sorted.

    For a teacher with unpublished courses: a `MergedList` of the published ones (an index
    walk) and their own drafts (a few, by the teacher index), not one `published OR mine`
    query, which no index serves. Sliceable with `count()`, like a queryset, for paginate().
    With `cached` (the catalog page) the published courses' count and pages, the same for
    every logged-in viewer, come from the cache under the courses' and people's versions.
    """

    def filtered(courses):
        return _course_filters(courses, q=q, level=level, teacher=teacher)

    if sort not in SORTS:
        sort = "new"
    if user.is_authenticated and not user.is_staff and sort in MERGE_KEYS:
        if cached:
            public = VersionedRows(
                lambda: filtered(Course.objects.published()).order_by(*SORTS[sort]),
                key=("catalog", q, level, teacher, sort),
                namespaces=CATALOG_VERSIONS,
            )
            drafts = VersionedRows(
                lambda: filtered(course_drafts_of(user)),
                key=("drafts", user.pk, q, level, teacher),
                namespaces=CATALOG_VERSIONS,
            ).list()
        else:
            public = filtered(Course.objects.published()).order_by(*SORTS[sort])
            drafts = list(filtered(course_drafts_of(user)))
        return MergedList(public, drafts, key=MERGE_KEYS[sort]) if drafts else public
    if user.is_authenticated and user.is_staff:
        courses = filtered(Course.objects.all())
    else:
        # By rating (computed, so sorted anyway) a teacher's drafts come in the same query.
        courses = filtered(Course.objects.visible_to(user))
    if sort == "rating":
        courses = courses.annotate(
            rating_avg=Case(
                When(rating_count=0, then=Value(0.0)),
                default=F("rating_sum") * 1.0 / F("rating_count"),
                output_field=FloatField(),
            )
        )
    return courses.order_by(*SORTS[sort])


# What the catalog's cached rows depend on: the courses and their teachers' names.
CATALOG_VERSIONS = ("learning", "people")


# The orders a MergedList can merge in Python (the row's key, largest first).
MERGE_KEYS = {
    "new": lambda course: (course.created, course.pk),
    "popular": lambda course: (course.student_count, course.pk),
}


def course_drafts_of(user):
    """The viewer's own unpublished courses (a few, by the teacher index)."""
    return (
        Course.objects.filter(teacher=user, is_published=False)
        .select_related("teacher")
        .defer("description")
        .order_by("-created", "-id")
    )


def _course_filters(courses, *, q: str, level: str, teacher: int | None):
    courses = courses.select_related("teacher").defer("description")
    if q:
        courses = courses.filter(search_text__contains=q.lower())
    if level in Course.Level.values:
        courses = courses.filter(level=level)
    if teacher:
        courses = courses.filter(teacher_id=teacher)
    return courses


TEACHERS_TIMEOUT = 600


def catalog_teachers() -> list:
    """The teachers of published courses (the catalog's filter): one query per change of
    the courses or the people, cached under both data versions (a new course, a rename
    shows at once), not a distinct scan of the courses on every catalog view."""
    from accounts.models import User

    return versioned(
        "learning:catalog-teachers",
        ("learning", "people"),
        lambda: list(
            User.objects.filter(courses_taught__is_published=True)
            .distinct()
            .order_by("last_name", "first_name")
        ),
        timeout=TEACHERS_TIMEOUT,
        alias="default",
    )


@dataclass
class Progress:
    done: int = 0
    total: int = 0
    completed: bool = False
    enrolled: bool = False

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0


def _count_of(rows, group: str):
    """A correlated count of `rows` grouped by `group` (0 when there are none)."""
    counted = rows.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def learner_namespace(student_id: int) -> str:
    """The data version of one student's progress (`site_config.cache.data_version`)."""
    return f"learner:{student_id}"


def learner_written(sender, instance, **kwargs) -> None:
    """A student's lesson mark, submission, attempt, enrollment or certificate was saved or
    deleted (connected in LearningConfig.ready): their cached progress is old."""
    bump(learner_namespace(instance.student_id))


PROGRESS_TIMEOUT = 600


def progress_for(*, student, courses) -> dict[int, Progress]:
    """Progress of one student in many courses: one query (a row per course, each count a
    correlated subquery on its index), whatever the number of courses. Cached under the
    courses' version and the student's own (`learner_namespace`), so a marked lesson, a
    grade or a new lesson shows at once."""
    ids = [c.pk for c in courses]
    if not ids or not student.is_authenticated:
        return {}
    digest = hashlib.blake2b(",".join(map(str, ids)).encode(), digest_size=12).hexdigest()
    return versioned(
        f"learning:progress:{student.pk}:{digest}",
        ("learning", learner_namespace(student.pk)),
        lambda: _progress_query(student=student, ids=ids),
        timeout=PROGRESS_TIMEOUT,
        alias="default",
    )


def _progress_query(*, student, ids: list[int]) -> dict[int, Progress]:
    course = OuterRef("pk")
    passed_quizzes = (
        Attempt.objects.filter(student=student, quiz__course=course, passed=True)
        .order_by()
        .values("quiz__course")
        .annotate(n=Count("quiz", distinct=True))
        .values("n")
    )
    enrollments = Enrollment.objects.filter(student=student, course=course)
    rows = (
        Course.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            n_lessons=_count_of(Lesson.objects.filter(course=course), "course"),
            n_assignments=_count_of(
                Assignment.objects.filter(lesson__course=course), "lesson__course"
            ),
            n_quizzes=_count_of(Quiz.objects.filter(course=course), "course"),
            done_lessons=_count_of(
                LessonProgress.objects.filter(student=student, lesson__course=course),
                "lesson__course",
            ),
            passed_assignments=_count_of(
                Submission.objects.filter(
                    student=student,
                    assignment__lesson__course=course,
                    status=Submission.Status.CHECKED,
                    grade__gte=F("assignment__pass_grade"),
                ),
                "assignment__lesson__course",
            ),
            passed_quizzes=Coalesce(
                Subquery(passed_quizzes, output_field=IntegerField()), Value(0)
            ),
            enrolled=Exists(enrollments),
            completed=Exists(enrollments.filter(completed_at__isnull=False)),
        )
        .values_list(
            "pk",
            "n_lessons",
            "n_assignments",
            "n_quizzes",
            "done_lessons",
            "passed_assignments",
            "passed_quizzes",
            "enrolled",
            "completed",
        )
    )
    result = {pk: Progress() for pk in ids}
    for pk, lessons, assignments, quizzes, done, passed, quizzed, enrolled, completed in rows:
        total = lessons + assignments + quizzes
        result[pk] = Progress(
            done=min(done + passed + quizzed, total),
            total=total,
            completed=completed,
            enrolled=enrolled,
        )
    return result


def course_for_viewer(*, course: Course, user) -> dict:
    """What the course page shows this viewer."""
    manage = can_manage_course(user, course)
    enrolled = is_enrolled(user, course)
    lessons = list(
        course.lessons.only("id", "title", "order", "course_id").annotate(
            assignment_count=Count("assignments", distinct=True)
        )
    )
    done = set()
    if enrolled:
        done = set(
            LessonProgress.objects.filter(student=user, lesson__course=course).values_list(
                "lesson_id", flat=True
            )
        )
    for lesson in lessons:
        lesson.is_done = lesson.pk in done
    quizzes = list(course.quizzes.annotate(question_count=Count("questions")))
    reviews = list(
        Review.objects.filter(course=course, is_hidden=False)
        .select_related("student")
        .order_by("-created", "-id")[:5]
    )
    my_review = None
    certificate = None
    progress = None
    if user.is_authenticated:
        my_review = Review.objects.filter(course=course, student=user).first()
        certificate = Certificate.objects.filter(course=course, student=user).first()
        if enrolled:
            progress = progress_for(student=user, courses=[course])[course.pk]
    return {
        "may_manage": manage,
        "is_enrolled": enrolled,
        "may_study": manage or enrolled,
        "lessons": lessons,
        "quizzes": quizzes,
        "reviews": reviews,
        "my_review": my_review,
        "certificate": certificate,
        "progress": progress,
    }


def lesson_for_viewer(*, lesson: Lesson, user) -> dict:
    course = lesson.course
    siblings = list(course.lessons.only("id", "title", "order", "course_id"))
    index = next(i for i, item in enumerate(siblings) if item.pk == lesson.pk)
    assignments = list(lesson.assignments.all())
    mine = {}
    if user.is_authenticated:
        mine = {
            s.assignment_id: s
            for s in Submission.objects.filter(student=user, assignment__in=assignments)
        }
    for assignment in assignments:
        assignment.my_submission = mine.get(assignment.pk)
    done = user.is_authenticated and (
        LessonProgress.objects.filter(student=user, lesson=lesson).exists()
    )
    return {
        "course": course,
        "lesson": lesson,
        "position": index + 1,
        "lesson_total": len(siblings),
        "previous_lesson": siblings[index - 1] if index > 0 else None,
        "next_lesson": siblings[index + 1] if index + 1 < len(siblings) else None,
        "materials": list(lesson.materials.all()),
        "assignments": assignments,
        "lesson_quizzes": list(lesson.quizzes.all()),
        "is_done": done,
    }


def comments_query(**target):
    """The visible comments on one lesson, assignment or submission, oldest first."""
    return (
        Comment.objects.filter(is_hidden=False, **target)
        .select_related("author")
        .order_by("created", "id")
    )


def comments_for(**target):
    return list(comments_query(**target))


def submissions_for_teacher(*, course: Course, assignment: int | None = None,
                            status: str = ""):  # fmt: skip
    qs = Submission.objects.filter(assignment__lesson__course=course).select_related(
        "student", "assignment", "assignment__lesson"
    )
    if assignment:
        qs = qs.filter(assignment_id=assignment)
    if status in Submission.Status.values:
        qs = qs.filter(status=status)
    return qs


def my_enrollments(*, user):
    """My enrollments, the ones in progress first, newest first (page them)."""
    return (
        Enrollment.objects.filter(student=user)
        .select_related("course", "course__teacher")
        .defer("course__description")
        .order_by(F("completed_at").asc(nulls_first=True), "-enrolled_at", "-id")
    )


def learner_versions(user) -> str:
    """The data versions a student's own learning pages are cached under (their courses,
    the teachers' names, their progress and certificates), for `{% cache_fragment %}`."""
    return f"learning,people,{learner_namespace(user.pk)}"


def my_enrollments_cached(*, user) -> VersionedRows:
    """`my_enrollments` for the paginator, its count and pages cached under my versions."""
    return VersionedRows(
        lambda: my_enrollments(user=user),
        key=("my-enrollments", user.pk),
        namespaces=tuple(learner_versions(user).split(",")),
    )


def my_courses(*, user, enrollments) -> dict:
    """One page of my enrollments with their progress, split into active and completed."""
    enrollments = list(enrollments)
    progress = progress_for(student=user, courses=[e.course for e in enrollments])
    for enrollment in enrollments:
        enrollment.progress = progress[enrollment.course_id]
    return {
        "active": [e for e in enrollments if not e.completed_at],
        "completed": [e for e in enrollments if e.completed_at],
        "certificates": list(
            Certificate.objects.filter(student=user).select_related("course", "course__teacher")[:6]
        ),
    }


def gradebook(*, course: Course) -> dict:
    """Students × assignments and quizzes, in a constant number of queries."""
    assignments = list(
        Assignment.objects.filter(lesson__course=course).order_by("lesson__order", "id")
    )
    quizzes = list(course.quizzes.order_by("id"))
    enrollments = list(
        Enrollment.objects.filter(course=course)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "id")
    )
    grades = {
        (s.student_id, s.assignment_id): s
        for s in Submission.objects.filter(assignment__in=assignments).only(
            "id", "student_id", "assignment_id", "grade", "status", "is_late"
        )
    }
    best = defaultdict(int)
    passed = set()
    for student_id, quiz_id, percent, ok in Attempt.objects.filter(
        quiz__in=quizzes, finished_at__isnull=False
    ).values_list("student_id", "quiz_id", "percent", "passed"):
        best[(student_id, quiz_id)] = max(best[(student_id, quiz_id)], percent)
        if ok:
            passed.add((student_id, quiz_id))
    certified = set(
        Certificate.objects.filter(course=course, status=Certificate.Status.ISSUED).values_list(
            "student_id", flat=True
        )
    )
    rows = []
    for enrollment in enrollments:
        sid = enrollment.student_id
        rows.append(
            {
                "student": enrollment.student,
                "enrollment": enrollment,
                "certified": sid in certified,
                "assignments": [grades.get((sid, a.pk)) for a in assignments],
                "quizzes": [
                    {
                        "percent": best.get((sid, q.pk)),
                        "passed": (sid, q.pk) in passed,
                    }
                    for q in quizzes
                ],
            }
        )
    return {"assignments": assignments, "quizzes": quizzes, "rows": rows}


def teaching_dashboard(*, user) -> dict:
    courses = list(
        Course.objects.filter(teacher=user)
        .defer("description")
        .annotate(
            waiting=Count(
                "lessons__assignments__submissions",
                filter=Q(lessons__assignments__submissions__status=Submission.Status.SUBMITTED),
            )
        )
        .order_by("-created", "-id")
    )
    waiting = list(
        Submission.objects.filter(
            assignment__lesson__course__teacher=user, status=Submission.Status.SUBMITTED
        )
        .select_related("student", "assignment", "assignment__lesson")
        .order_by("submitted_at")[:10]
    )
    start = timezone.localdate() - datetime.timedelta(days=CHART_DAYS - 1)
    daily = dict(
        Enrollment.objects.filter(course__teacher=user, enrolled_at__date__gte=start)
        .annotate(day=TruncDate("enrolled_at"))
        .order_by()
        .values_list("day")
        .annotate(n=Count("id"))
    )
    return {
        "courses": courses,
        "waiting": waiting,
        "waiting_total": sum(c.waiting for c in courses),
        "student_total": sum(c.student_count for c in courses),
        "chart": bar_chart(daily, start=start),
    }


@dataclass
class ChartBar:
    day: datetime.date
    count: int
    x: float
    y: float
    height: float


def bar_chart(counts: dict, *, start: datetime.date) -> dict:
    width, height, gap = 600, 120, 4
    bar_width = width / CHART_DAYS - gap
    peak = max(counts.values(), default=0)
    bars = []
    for index in range(CHART_DAYS):
        day = start + datetime.timedelta(days=index)
        count = counts.get(day, 0)
        bar_height = max((count / peak * height) if peak else 0, 3 if count else 0)
        bars.append(
            ChartBar(
                day=day,
                count=count,
                x=round(index * (bar_width + gap), 2),
                y=round(height - bar_height, 2),
                height=round(bar_height, 2),
            )
        )
    return {
        "bars": bars,
        "bar_width": round(bar_width, 2),
        "width": width,
        "height": height,
        "peak": peak,
        "total": sum(counts.values()),
        "start": start,
        "end": start + datetime.timedelta(days=CHART_DAYS - 1),
    }


def home_section() -> dict:
    courses = list(
        Course.objects.published()
        .select_related("teacher")
        .defer("description")
        .order_by("-student_count", "-created")[:3]
    )
    return {"home_courses": courses}


def quiz_with_questions(quiz_id: int):
    return Quiz.objects.select_related("course", "course__teacher", "lesson").prefetch_related(
        Prefetch("questions__choices")
    )


def gradebook_csv_rows(book: dict):
    """The gradebook (`gradebook(course=...)`) as CSV rows: a header, then a row per
    student (name, email, grades, best quiz percentages, certificate). The site's CSV
    download and the API's stream the same rows."""
    from django.utils.translation import gettext as _

    yield (
        [_("Student"), _("Email")]
        + [a.title for a in book["assignments"]]
        + [f"{q.title}, %" for q in book["quizzes"]]
        + [_("Certificate")]
    )
    for row in book["rows"]:
        grades = ["" if s is None or s.grade is None else s.grade for s in row["assignments"]]
        quizzes = ["" if q["percent"] is None else q["percent"] for q in row["quizzes"]]
        yield [row["student"].get_full_name(), row["student"].email, *grades, *quizzes,
               _("yes") if row["certified"] else ""]  # fmt: skip


def course_reviews(*, course: Course):
    """A course's visible reviews, newest first, with their students."""
    return (
        Review.objects.filter(course=course, is_hidden=False)
        .select_related("student")
        .order_by("-created", "-id")
    )


def student_certificates(*, user):
    """The certificates a student holds (their page and the API), newest first."""
    return (
        Certificate.objects.filter(student=user)
        .select_related("course", "course__teacher", "student")
        .order_by("-issued_at", "-id")
    )
