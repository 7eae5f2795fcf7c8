from rest_framework.routers import SimpleRouter

from learning.api import views

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

urlpatterns = router.urls
