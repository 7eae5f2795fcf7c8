"""factory-boy factories of the learning app (users come from accounts' factories).

course = CourseFactory()                        # a published course of a new teacher
lesson = LessonFactory(course=course)
assignment = AssignmentFactory(lesson=lesson)
quiz = QuizFactory(course=course); single_question(quiz)
EnrollmentFactory(course=course, student=student)
"""

from __future__ import annotations

import factory

from accounts.models import User
from accounts.tests.factories import UserFactory
from learning.models import (
    Assignment,
    Choice,
    Course,
    Enrollment,
    Lesson,
    Question,
    Quiz,
    Submission,
)


class StudentFactory(UserFactory):
    role = User.Role.STUDENT


class TeacherFactory(UserFactory):
    role = User.Role.TEACHER


class EmployerFactory(UserFactory):
    role = User.Role.EMPLOYER


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    teacher = factory.SubFactory(TeacherFactory)
    title = factory.Sequence(lambda n: f"Курс номер {n}")
    summary = "Короткое описание курса"
    description = "<p>Подробное описание курса.</p>"
    is_published = True
    search_text = factory.LazyAttribute(lambda o: f"{o.title} {o.summary}".lower())


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Урок {n}")
    body = "<p>Текст урока: секретное содержание.</p>"
    order = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def count(self, create, extracted, **kwargs):
        if create:
            Course.objects.filter(pk=self.course_id).update(
                lesson_count=self.course.lessons.count()
            )


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    lesson = factory.SubFactory(LessonFactory)
    title = factory.Sequence(lambda n: f"Задание {n}")
    description = "<p>Сделайте задание.</p>"
    max_grade = 10
    pass_grade = 6


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    assignment = factory.SubFactory(AssignmentFactory)
    student = factory.SubFactory(StudentFactory)
    answer = "Мой ответ"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    course = factory.SubFactory(CourseFactory)
    student = factory.SubFactory(StudentFactory)


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Тест {n}")
    pass_mark = 60


def single_question(quiz, *, text="Сколько будет 2+2?", right="ЧЕТЫРЕ_ВЕРНО", wrong="ПЯТЬ",
                    points=1) -> Question:  # fmt: skip
    question = Question.objects.create(
        quiz=quiz, text=text, kind=Question.Kind.SINGLE, points=points, order=1
    )
    Choice.objects.create(question=question, text=right, is_correct=True)
    Choice.objects.create(question=question, text=wrong, is_correct=False)
    return question


def multiple_question(quiz, *, points=1) -> Question:
    question = Question.objects.create(
        quiz=quiz, text="Выберите чётные", kind=Question.Kind.MULTIPLE, points=points, order=2
    )
    for text, correct in (("два", True), ("четыре", True), ("три", False)):
        Choice.objects.create(question=question, text=text, is_correct=correct)
    return question


def text_question(quiz, *, accepted="Москва", points=1) -> Question:
    return Question.objects.create(
        quiz=quiz,
        text="Столица России?",
        kind=Question.Kind.TEXT,
        points=points,
        order=3,
        correct_text=accepted,
    )
