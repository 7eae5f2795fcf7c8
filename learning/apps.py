from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from site_config import registry

        registry.register_home_section(
            template="learning/_home_section.html",
            context="learning.selectors.home_section",
            order=30,
        )
        registry.register_activity(key="40-learning", sources="learning.activity.sources")
        # What references stored files: the hourly upload cleanup keeps these.
        registry.register_upload_references(
            model="learning.Course", fields=("cover", "description"), owner="teacher"
        )
        registry.register_upload_references(
            model="learning.Lesson", fields=("body",), owner="course__teacher"
        )
        registry.register_upload_references(
            model="learning.Material", fields=("file",), owner="lesson__course__teacher"
        )
        registry.register_upload_references(
            model="learning.Assignment",
            fields=("description",),
            owner="lesson__course__teacher",
        )
        registry.register_upload_references(
            model="learning.Submission", fields=("file",), owner="student"
        )

        from learning.models import Assignment, Course, Enrollment, Lesson, Question, Quiz, Review
        from site_config.cache import invalidate_on_write

        # The anonymous catalog and course pages are cached whole for a few seconds under
        # this version (a course page counts its lessons' assignments and its quizzes'
        # questions).
        invalidate_on_write(
            Course, Lesson, Enrollment, Review, Assignment, Quiz, Question, namespace="learning"
        )
        # Each student's progress (cached per student, learning.selectors.progress_for) is
        # keyed by that student's own version: their lesson marks, submissions and grades,
        # quiz attempts, enrollments and certificates bump it, nobody else's.
        from django.db.models.signals import post_delete, post_save

        from learning.models import Attempt, Certificate, LessonProgress, Submission
        from learning.selectors import learner_written

        for model in (LessonProgress, Submission, Attempt, Enrollment, Certificate):
            uid = f"learner-{model._meta.label_lower}"
            post_save.connect(learner_written, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(learner_written, sender=model, dispatch_uid=f"{uid}-delete")
