from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from internships import services
from internships.models import Application, ApplicationEvent, Auction, Bid, Posting


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "organization", "employer", "status", "deadline", "created")
    list_filter = ("kind", "status", "remote", "deadline", "created")
    search_fields = ("title", "organization__name", "employer__email", "employer__last_name")
    list_select_related = ("organization", "employer")
    raw_id_fields = ("employer", "organization")
    filter_horizontal = ("skills",)
    date_hierarchy = "created"
    actions = ["close_postings"]

    @admin.action(description=_("Close the selected postings"))
    def close_postings(self, request, queryset):
        closed = services.postings_close(postings=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d posting closed.", "%(count)d postings closed.", closed)
            % {"count": closed},
            messages.SUCCESS,
        )


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ("status", "actor", "created")
    readonly_fields = ("status", "actor", "created")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("student", "posting", "status", "created")
    list_filter = ("status", "posting__kind", "created")
    search_fields = ("student__email", "student__last_name", "posting__title")
    list_select_related = ("student", "posting")
    raw_id_fields = ("student", "posting")
    readonly_fields = ("created", "updated")
    inlines = [ApplicationEventInline]

    def get_readonly_fields(self, request, obj=None):
        # A status change goes through the site (history, notification, mail), not a raw edit.
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "status") if obj is not None else readonly


class BidInline(admin.TabularInline):
    model = Bid
    extra = 0
    fields = ("amount", "employer", "posting", "message", "extended", "created")
    readonly_fields = fields
    can_delete = False
    ordering = ("-amount",)

    def has_add_permission(self, request, obj=None):
        return False  # bids are placed on the site, through the database race checks


@admin.register(Auction)
class AuctionAdmin(admin.ModelAdmin):
    list_display = ("title", "student", "status", "ends_at", "best_amount", "bid_count", "winner")
    list_filter = ("status", "ends_at")
    search_fields = ("title", "student__email", "student__last_name")
    list_select_related = ("student", "winner")
    raw_id_fields = ("student",)
    readonly_fields = (
        "best_amount",
        "best_bid",
        "bid_count",
        "extensions",
        "winner",
        "winner_posting",
        "created",
        "finished_at",
    )
    inlines = [BidInline]
    actions = ["cancel_auctions"]

    def get_readonly_fields(self, request, obj=None):
        # Cancel with the action (it tells the bidders); the periodic task finishes auctions.
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "status") if obj is not None else readonly

    @admin.action(description=_("Cancel the selected auctions (bidders are notified)"))
    def cancel_auctions(self, request, queryset):
        cancelled = sum(
            services.auction_cancel(auction=auction, by=request.user) for auction in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d auction cancelled.", "%(count)d auctions cancelled.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = ("auction", "employer", "amount", "posting", "extended", "created")
    list_filter = ("extended", "created")
    search_fields = ("auction__title", "employer__email", "employer__last_name")
    list_select_related = ("auction", "employer", "posting")
    readonly_fields = ("auction", "employer", "posting", "amount", "message", "extended", "created")

    def has_add_permission(self, request):
        return False
