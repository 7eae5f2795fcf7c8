"""The board in the admin: moderation of ads (hide / unhide), responses, newsletters."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from board import services
from board.models import Ad, Newsletter, NewsletterDelivery, Response
from site_config.richtext import RichTextField, sanitize_html


class AdAdminForm(forms.ModelForm):
    body = RichTextField(label=_("Text"))

    class Meta:
        model = Ad
        fields = ["author", "title", "category", "body", "is_hidden"]


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = ["author", "text", "status", "created"]
    readonly_fields = ["created"]
    raw_id_fields = ["author"]
    show_change_link = True


@admin.register(Ad)
class AdAdmin(admin.ModelAdmin):
    form = AdAdminForm
    list_display = ["title", "category", "author", "is_hidden", "response_count", "created"]
    list_filter = ["category", "is_hidden", ("created", admin.DateFieldListFilter)]
    search_fields = ["title", "body_text", "author__email", "author__last_name"]
    list_select_related = ["author"]
    raw_id_fields = ["author"]
    date_hierarchy = "created"
    readonly_fields = ["created", "updated"]
    actions = ["hide_ads", "unhide_ads"]
    inlines = [ResponseInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_response_count=Count("responses"))

    @admin.display(description=_("responses"), ordering="_response_count")
    def response_count(self, obj) -> int:
        return obj._response_count

    def save_model(self, request, obj, form, change):
        # The plain text, cover and video flag derive from the body, as in the service.
        data = form.cleaned_data
        services.ad_apply_content(
            ad=obj, title=data["title"], category=data["category"], body=data["body"]
        )
        super().save_model(request, obj, form, change)
        if change and "author" in form.changed_data:
            # The responses' copy of the ad's author (see `Response.ad_author`).
            obj.responses.update(ad_author=obj.author)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if isinstance(inline_form.instance, Response):
                inline_form.instance.ad_author_id = form.instance.author_id
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Hide the selected ads from the board"))
    def hide_ads(self, request, queryset):
        count = services.ads_set_hidden(ads=queryset, hidden=True, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d ad hidden.", "%(count)d ads hidden.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Show the selected ads on the board again"))
    def unhide_ads(self, request, queryset):
        count = services.ads_set_hidden(ads=queryset, hidden=False, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d ad shown again.", "%(count)d ads shown again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "ad", "author", "status", "created"]
    list_filter = ["status", ("created", admin.DateFieldListFilter)]
    search_fields = ["text", "ad__title", "author__email", "author__last_name"]
    list_select_related = ["ad", "author"]
    raw_id_fields = ["ad", "author"]
    readonly_fields = ["created", "accepted_at"]

    def save_model(self, request, obj, form, change):
        obj.ad_author_id = obj.ad.author_id  # see `Response.ad_author`
        super().save_model(request, obj, form, change)


class NewsletterDeliveryInline(admin.TabularInline):
    model = NewsletterDelivery
    extra = 0
    fields = ["user", "sent_at"]
    readonly_fields = ["user", "sent_at"]
    can_delete = False
    show_change_link = False
    max_num = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "state",
        "created_by",
        "sent_count",
        "total_count",
        "delivery_count",
        "created",
        "sent_at",
    ]
    list_filter = ["state", ("created", admin.DateFieldListFilter)]
    search_fields = ["subject", "body"]
    list_select_related = ["created_by"]
    readonly_fields = [
        "created_by",
        "state",
        "total_count",
        "sent_count",
        "created",
        "started_at",
        "sent_at",
    ]
    fields = ["subject", "body", *readonly_fields]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_delivery_count=Count("deliveries"))

    @admin.display(description=_("deliveries"), ordering="_delivery_count")
    def delivery_count(self, obj) -> int:
        return obj._delivery_count

    def save_model(self, request, obj, form, change):
        obj.body = sanitize_html(obj.body)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(NewsletterDelivery)
class NewsletterDeliveryAdmin(admin.ModelAdmin):
    list_display = ["newsletter", "user", "sent_at"]
    list_filter = ["newsletter", ("sent_at", admin.DateFieldListFilter)]
    search_fields = ["user__email", "newsletter__subject"]
    list_select_related = ["newsletter", "user"]
    raw_id_fields = ["newsletter", "user"]
    readonly_fields = ["sent_at"]
