from django.urls import path

from learning.views import certificates, courses, quizzes, study

app_name = "learning"

C = "courses/<int:course_pk>/"
L = C + "lessons/<int:lesson_pk>/"

urlpatterns = [
    # Courses
    path("courses/", courses.course_list, name="course_list"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<int:pk>/", courses.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", courses.course_update, name="course_update"),
    path("courses/<int:pk>/delete/", courses.course_delete, name="course_delete"),
    path("courses/<int:pk>/enroll/", courses.course_enroll, name="course_enroll"),
    path("courses/<int:pk>/unenroll/", courses.course_unenroll, name="course_unenroll"),
    path("courses/<int:pk>/reviews/", courses.course_reviews, name="course_reviews"),
    path(
        "courses/<int:pk>/reviews/<int:review_pk>/delete/",
        courses.review_delete,
        name="review_delete",
    ),
    path("courses/<int:pk>/submissions/", study.course_submissions, name="course_submissions"),
    path("courses/<int:pk>/gradebook/", certificates.gradebook, name="gradebook"),
    path("courses/<int:pk>/gradebook.csv", certificates.gradebook_csv, name="gradebook_csv"),
    path(
        "courses/<int:pk>/certificates/issue/",
        certificates.certificate_issue,
        name="certificate_issue",
    ),
    path(C + "quizzes/new/", quizzes.quiz_create, name="quiz_create"),
    # Lessons
    path(C + "lessons/new/", study.lesson_create, name="lesson_create"),
    path(C + "lessons/<int:pk>/", study.lesson_detail, name="lesson_detail"),
    path(C + "lessons/<int:pk>/edit/", study.lesson_update, name="lesson_update"),
    path(C + "lessons/<int:pk>/delete/", study.lesson_delete, name="lesson_delete"),
    path(C + "lessons/<int:pk>/move/", study.lesson_move, name="lesson_move"),
    path(C + "lessons/<int:pk>/done/", study.lesson_done, name="lesson_done"),
    path(C + "lessons/<int:pk>/materials/", study.material_add, name="material_add"),
    path(L + "materials/<int:pk>/", study.material_download, name="material_download"),
    path(L + "materials/<int:pk>/delete/", study.material_delete, name="material_delete"),
    # Assignments and submissions
    path(L + "assignments/new/", study.assignment_create, name="assignment_create"),
    path(L + "assignments/<int:pk>/", study.assignment_detail, name="assignment_detail"),
    path(L + "assignments/<int:pk>/edit/", study.assignment_update, name="assignment_update"),
    path(L + "assignments/<int:pk>/delete/", study.assignment_delete, name="assignment_delete"),
    path("submissions/<int:pk>/file/", study.submission_file, name="submission_file"),
    path("submissions/<int:pk>/grade/", study.submission_grade, name="submission_grade"),
    path("submissions/<int:pk>/return/", study.submission_return, name="submission_return"),
    # Comments
    path("learning/<str:kind>/<int:pk>/comments/", study.comment_create, name="comment_create"),
    path("learning/comments/<int:pk>/edit/", study.comment_update, name="comment_update"),
    path("learning/comments/<int:pk>/delete/", study.comment_delete, name="comment_delete"),
    # Quizzes
    path("quizzes/<int:pk>/", quizzes.quiz_detail, name="quiz_detail"),
    path("quizzes/<int:pk>/edit/", quizzes.quiz_edit, name="quiz_edit"),
    path("quizzes/<int:pk>/delete/", quizzes.quiz_delete, name="quiz_delete"),
    path("quizzes/<int:pk>/start/", quizzes.quiz_start, name="quiz_start"),
    path(
        "quizzes/<int:pk>/questions/<int:question_pk>/delete/",
        quizzes.question_delete,
        name="question_delete",
    ),
    path(
        "quizzes/<int:pk>/attempts/<int:attempt_pk>/",
        quizzes.attempt_detail,
        name="attempt_detail",
    ),
    path(
        "quizzes/<int:pk>/attempts/<int:attempt_pk>/submit/",
        quizzes.attempt_submit,
        name="attempt_submit",
    ),
    # Mine and teaching
    path("my/courses/", certificates.my_courses, name="my_courses"),
    path("certificates/", certificates.certificate_list, name="certificate_list"),
    path("certificates/<uuid:uuid>/", certificates.certificate_detail, name="certificate_detail"),
    path(
        "certificates/<uuid:uuid>/revoke/",
        certificates.certificate_revoke,
        name="certificate_revoke",
    ),
    path("teaching/", certificates.teaching, name="teaching"),
]
