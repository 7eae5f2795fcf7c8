from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from learning import services
from learning.models import (
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


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0
    fields = ("order", "title")
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "teacher", "level", "is_published", "student_count",
                    "rating_count", "created")  # fmt: skip
    list_filter = ("is_published", "level", "created")
    search_fields = ("title", "summary", "teacher__email", "teacher__last_name")
    list_select_related = ("teacher",)
    raw_id_fields = ("teacher",)
    date_hierarchy = "created"
    inlines = [LessonInline]

    def save_model(self, request, obj, form, change):
        # Admin edits meet the same sanitizer as the site's forms.
        from site_config.richtext import sanitize_html

        obj.description = sanitize_html(obj.description)
        obj.search_text = f"{obj.title} {obj.summary}".lower()
        super().save_model(request, obj, form, change)


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ("title", "url", "file")


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "order")
    list_filter = ("course__is_published",)
    search_fields = ("title", "course__title")
    list_select_related = ("course",)
    raw_id_fields = ("course",)
    inlines = [MaterialInline]

    def save_model(self, request, obj, form, change):
        from site_config.richtext import sanitize_html

        obj.body = sanitize_html(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("title", "lesson", "due_at", "max_grade", "pass_grade")
    list_filter = ("due_at",)
    search_fields = ("title", "lesson__title", "lesson__course__title")
    list_select_related = ("lesson",)
    raw_id_fields = ("lesson",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("assignment", "student", "status", "grade", "is_late", "submitted_at")
    list_filter = ("status", "is_late", "submitted_at")
    search_fields = ("assignment__title", "student__email", "student__last_name")
    list_select_related = ("assignment", "student")
    raw_id_fields = ("assignment", "student")


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("student", "course", "enrolled_at", "completed_at")
    list_filter = ("enrolled_at", "completed_at")
    search_fields = ("student__email", "student__last_name", "course__title")
    list_select_related = ("student", "course")
    raw_id_fields = ("student", "course")


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ("student", "lesson", "done_at")
    search_fields = ("student__email", "lesson__title")
    list_select_related = ("student", "lesson")
    raw_id_fields = ("student", "lesson")


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "quiz", "kind", "points", "order")
    list_filter = ("kind",)
    search_fields = ("text", "quiz__title")
    raw_id_fields = ("quiz",)
    inlines = [ChoiceInline]


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "pass_mark", "attempts_allowed", "time_limit_minutes")
    search_fields = ("title", "course__title")
    list_select_related = ("course",)
    raw_id_fields = ("course", "lesson")


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("quiz", "student", "percent", "passed", "started_at", "finished_at")
    list_filter = ("passed", "timed_out", "started_at")
    search_fields = ("quiz__title", "student__email", "student__last_name")
    list_select_related = ("quiz", "student")
    raw_id_fields = ("quiz", "student")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("course", "student", "status", "by_teacher", "issued_at")
    list_filter = ("status", "by_teacher", "issued_at")
    search_fields = ("uuid", "course__title", "student__email", "student__last_name")
    list_select_related = ("course", "student")
    raw_id_fields = ("course", "student")
    readonly_fields = ("uuid", "issued_at", "revoked_at")
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected certificates"))
    def revoke(self, request, queryset):
        count = 0
        for certificate in queryset.filter(status=Certificate.Status.ISSUED):
            services.certificate_revoke(certificate=certificate, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d certificate revoked.", "%(count)d certificates revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "is_hidden", "created")
    list_filter = ("is_hidden", "created")
    search_fields = ("text", "author__email", "author__last_name")
    list_select_related = ("author",)
    raw_id_fields = ("author", "lesson", "assignment", "submission")
    actions = ["hide", "unhide"]

    @admin.action(description=_("Hide the selected comments"))
    def hide(self, request, queryset):
        queryset.update(is_hidden=True)

    @admin.action(description=_("Show the selected comments"))
    def unhide(self, request, queryset):
        queryset.update(is_hidden=False)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("course", "student", "rating", "is_hidden", "created")
    list_filter = ("is_hidden", "rating", "created")
    search_fields = ("text", "course__title", "student__email", "student__last_name")
    list_select_related = ("course", "student")
    raw_id_fields = ("course", "student")
    actions = ["hide", "unhide"]

    @admin.action(description=_("Hide the selected reviews"))
    def hide(self, request, queryset):
        for review in queryset.select_related("course"):
            services.review_set_hidden(review=review, hidden=True, by=request.user)

    @admin.action(description=_("Show the selected reviews"))
    def unhide(self, request, queryset):
        for review in queryset.select_related("course"):
            services.review_set_hidden(review=review, hidden=False, by=request.user)
