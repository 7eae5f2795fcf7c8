"""The community in the admin: blogs, forums, videos, and the reports queue where staff
hide what members flagged."""

from django import forms
from django.contrib import admin, messages
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.models import (
    BlogComment,
    BlogPost,
    Forum,
    ForumPost,
    Report,
    Tag,
    Thread,
    Video,
    VideoComment,
)
from community.services import moderation
from community.services.forums import forum_refresh, mentions_find, post_render, thread_refresh
from site_config.richtext import RichTextField, html_to_text, sanitize_html


class HideActionsMixin:
    """ "Hide" / "show again" actions that go through the moderation service (counters
    and thread stats follow)."""

    actions = ["hide_selected", "unhide_selected"]

    def _set_hidden(self, request, queryset, hidden: bool):
        count = 0
        for obj in queryset:
            if obj.is_hidden != hidden:
                moderation.content_set_hidden(target=obj, hidden=hidden, by=request.user)
                count += 1
        message = (
            ngettext("%(count)d item hidden.", "%(count)d items hidden.", count)
            if hidden
            else ngettext("%(count)d item shown again.", "%(count)d items shown again.", count)
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Hide the selected items"))
    def hide_selected(self, request, queryset):
        self._set_hidden(request, queryset, True)

    @admin.action(description=_("Show the selected items again"))
    def unhide_selected(self, request, queryset):
        self._set_hidden(request, queryset, False)


class BlogPostAdminForm(forms.ModelForm):
    body = RichTextField(label=_("Text"))

    class Meta:
        model = BlogPost
        fields = ["author", "title", "body", "cover", "tags", "is_published", "is_hidden"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class BlogCommentInline(admin.TabularInline):
    model = BlogComment
    extra = 0
    fields = ["author", "text", "is_hidden", "created"]
    readonly_fields = ["created"]
    raw_id_fields = ["author"]


@admin.register(BlogPost)
class BlogPostAdmin(HideActionsMixin, admin.ModelAdmin):
    form = BlogPostAdminForm
    list_display = [
        "title",
        "author",
        "is_published",
        "is_hidden",
        "view_count",
        "like_count",
        "comment_count",
        "created",
    ]
    list_filter = ["is_published", "is_hidden", ("created", admin.DateFieldListFilter), "tags"]
    search_fields = ["title", "body_text", "author__email", "author__last_name"]
    list_select_related = ["author"]
    raw_id_fields = ["author"]
    filter_horizontal = ["tags"]
    date_hierarchy = "created"
    readonly_fields = ["view_count", "like_count", "comment_count", "created", "updated"]
    inlines = [BlogCommentInline]

    def save_model(self, request, obj, form, change):
        obj.body = sanitize_html(form.cleaned_data["body"])
        obj.body_text = html_to_text(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(BlogComment)
class BlogCommentAdmin(HideActionsMixin, admin.ModelAdmin):
    list_display = ["__str__", "post", "author", "is_hidden", "created"]
    list_filter = ["is_hidden", ("created", admin.DateFieldListFilter)]
    search_fields = ["text", "author__email", "post__title"]
    list_select_related = ["author", "post"]
    raw_id_fields = ["author", "post"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "description"]
    list_editable = ["order"]
    search_fields = ["title", "description"]


@admin.register(Thread)
class ThreadAdmin(HideActionsMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "forum",
        "author",
        "is_pinned",
        "is_locked",
        "is_hidden",
        "reply_count",
        "last_activity",
    ]
    list_filter = ["forum", "is_pinned", "is_locked", "is_hidden"]
    search_fields = ["title", "author__email", "author__last_name"]
    list_select_related = ["forum", "author"]
    raw_id_fields = ["author", "last_post"]
    readonly_fields = ["created", "last_activity", "reply_count", "like_count"]
    actions = ["hide_selected", "unhide_selected", "pin", "lock", "unlock"]

    def save_model(self, request, obj, form, change):
        before = Thread.objects.filter(pk=obj.pk).values_list("forum_id", flat=True).first()
        super().save_model(request, obj, form, change)
        forum_refresh(obj.forum_id, before)  # moved or hidden here: both forums recount

    @admin.action(description=_("Pin the selected threads"))
    def pin(self, request, queryset):
        queryset.update(is_pinned=True)

    @admin.action(description=_("Lock the selected threads"))
    def lock(self, request, queryset):
        queryset.update(is_locked=True)

    @admin.action(description=_("Unlock the selected threads"))
    def unlock(self, request, queryset):
        queryset.update(is_locked=False)


@admin.register(ForumPost)
class ForumPostAdmin(HideActionsMixin, admin.ModelAdmin):
    list_display = ["__str__", "thread", "author", "is_hidden", "like_count", "created"]
    list_filter = ["is_hidden", "thread__forum", ("created", admin.DateFieldListFilter)]
    search_fields = ["text", "author__email", "thread__title"]
    list_select_related = ["author", "thread"]
    raw_id_fields = ["author", "thread", "quote"]
    readonly_fields = ["created", "edited", "like_count"]
    exclude = ["html"]

    def save_model(self, request, obj, form, change):
        obj.html = post_render(obj.text, mentions_find(obj.text))
        super().save_model(request, obj, form, change)
        thread_refresh(thread=obj.thread)


@admin.register(Video)
class VideoAdmin(HideActionsMixin, admin.ModelAdmin):
    list_display = ["title", "uploader", "is_hidden", "view_count", "like_count", "created"]
    list_filter = ["is_hidden", ("created", admin.DateFieldListFilter)]
    search_fields = ["title", "description", "uploader__email"]
    list_select_related = ["uploader"]
    raw_id_fields = ["uploader"]
    readonly_fields = ["embed_url", "content_type", "view_count", "like_count", "created"]


@admin.register(VideoComment)
class VideoCommentAdmin(HideActionsMixin, admin.ModelAdmin):
    list_display = ["__str__", "video", "author", "is_hidden", "created"]
    list_filter = ["is_hidden", ("created", admin.DateFieldListFilter)]
    search_fields = ["text", "author__email", "video__title"]
    list_select_related = ["author", "video"]
    raw_id_fields = ["author", "video"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The reports queue: unresolved first; hide what they point at in one action."""

    list_display = ["__str__", "target_link", "reason", "reporter", "resolved", "created"]
    list_filter = ["resolved", "reason", "content_type"]
    search_fields = ["comment", "reporter__email"]
    list_select_related = ["reporter", "content_type"]
    raw_id_fields = ["reporter"]
    readonly_fields = ["reporter", "content_type", "object_id", "created", "target_link"]
    actions = ["hide_targets", "mark_resolved"]

    @admin.display(description=_("content"))
    def target_link(self, obj):
        target = obj.target
        if target is None:
            return _("deleted")
        try:
            url = target.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            return str(target)
        hidden = _(" (hidden)") if getattr(target, "is_hidden", False) else ""
        return format_html('<a href="{}">{}</a>{}', url, str(target)[:60], hidden)

    @admin.action(description=_("Hide the reported content and resolve"))
    def hide_targets(self, request, queryset):
        count = moderation.reports_hide_targets(reports=list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d item hidden.", "%(count)d items hidden.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as resolved (nothing to hide)"))
    def mark_resolved(self, request, queryset):
        queryset.update(resolved=True)


from community import admin_chats  # noqa: E402, F401  (registers the chat models)
