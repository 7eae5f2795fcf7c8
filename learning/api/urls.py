from rest_framework.routers import SimpleRouter

from learning.api import gradebook, teaching, views

router = SimpleRouter()
router.register("courses", views.CourseViewSet, basename="course")
router.register(
    r"courses/(?P<course_pk>\d+)/lessons", views.CourseLessonViewSet, basename="course-lesson"
)
router.register(
    r"courses/(?P<course_pk>\d+)/reviews", views.CourseReviewViewSet, basename="course-review"
)
router.register("lessons", views.LessonViewSet, basename="lesson")
router.register(r"users/(?P<user_id>\d+)/courses", views.MyCourseViewSet, basename="user-course")
router.register(
    r"users/(?P<user_id>\d+)/completed-courses",
    views.MyCompletedCourseViewSet,
    basename="user-completed-course",
)
router.register("quizzes", views.QuizViewSet, basename="quiz")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("submissions", views.SubmissionViewSet, basename="submission")
router.register("certificates", views.CertificateViewSet, basename="certificate")
# The teacher's side and the comments (learning/api/teaching.py).
router.register(
    r"courses/(?P<course_pk>\d+)/quizzes", teaching.CourseQuizViewSet, basename="course-quiz"
)
router.register(
    r"courses/(?P<course_pk>\d+)/submissions",
    teaching.CourseSubmissionViewSet,
    basename="course-submission",
)
router.register("materials", teaching.MaterialViewSet, basename="material")
router.register("questions", teaching.QuestionViewSet, basename="question")
router.register("choices", teaching.ChoiceViewSet, basename="choice")
router.register(
    r"lessons/(?P<target_pk>\d+)/comments",
    teaching.LessonCommentViewSet,
    basename="lesson-comment",
)
router.register(
    r"assignments/(?P<target_pk>\d+)/comments",
    teaching.AssignmentCommentViewSet,
    basename="assignment-comment",
)
router.register(
    r"submissions/(?P<target_pk>\d+)/comments",
    teaching.SubmissionCommentViewSet,
    basename="submission-comment",
)
router.register("comments", teaching.CommentViewSet, basename="comment")
router.register(
    r"courses/(?P<course_pk>\d+)/gradebook", gradebook.GradebookViewSet, basename="gradebook"
)

urlpatterns = router.urls
