"""The upload records in the admin: who stores what, and how much (site_config.uploads)."""

from django.contrib import admin

from site_config.models import Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "owner", "size", "created")
    list_filter = ("kind",)
    search_fields = ("name", "owner__email")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    date_hierarchy = "created"
    readonly_fields = ("name", "kind", "size", "created")
