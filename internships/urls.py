from django.urls import path

from internships.models import Posting
from internships.views import applications, auctions, postings

app_name = "internships"

urlpatterns = [
    # Postings
    path("internships/", postings.posting_list, name="posting_list"),
    path("jobs/", postings.posting_list, {"kind": Posting.Kind.JOB}, name="job_list"),
    path("internships/new/", postings.posting_create, name="posting_create"),
    path("internships/dashboard/", applications.dashboard, name="dashboard"),
    path("internships/<int:pk>/", postings.posting_detail, name="posting_detail"),
    path("internships/<int:pk>/edit/", postings.posting_edit, name="posting_edit"),
    path("internships/<int:pk>/delete/", postings.posting_delete, name="posting_delete"),
    path("internships/<int:pk>/close/", postings.posting_close, name="posting_close"),
    path("internships/<int:pk>/reopen/", postings.posting_reopen, name="posting_reopen"),
    path("internships/<int:pk>/apply/", postings.posting_apply, name="posting_apply"),
    path(
        "internships/<int:pk>/applications/",
        postings.posting_applications,
        name="posting_applications",
    ),
    # Applications
    path("applications/", applications.application_list, name="application_list"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/viewed/",
        applications.application_viewed,
        name="application_viewed",
    ),
    path(
        "applications/<int:pk>/status/",
        applications.application_status,
        name="application_status",
    ),
    # Talent auctions
    path("auctions/", auctions.auction_list, name="auction_list"),
    path("auctions/new/", auctions.auction_create, name="auction_create"),
    path("auctions/<int:pk>/", auctions.auction_detail, name="auction_detail"),
    path("auctions/<int:pk>/live/", auctions.auction_live, name="auction_live"),
    path("auctions/<int:pk>/bid/", auctions.auction_bid, name="auction_bid"),
    path("auctions/<int:pk>/cancel/", auctions.auction_cancel, name="auction_cancel"),
]
