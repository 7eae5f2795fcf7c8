"""Reads of the internships app that join models or depend on who asks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Skill, User
from internships import permissions
from internships.models import Application, ApplicationEvent, Auction, Bid, Posting
from site_config.cache import versioned

POSTING_SORTS = {"newest": ("-created", "-id"), "deadline": ("deadline", "-created", "-id")}
CHART_DAYS = 30


def postings_with_related(qs: QuerySet | None = None) -> QuerySet:
    qs = Posting.objects.all() if qs is None else qs
    return qs.select_related("organization", "employer").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("name"))
    )


def posting_search(
    *,
    q: str = "",
    kind: str = "",
    location: str = "",
    remote: bool = False,
    skill: str = "",
    sort: str = "newest",
) -> QuerySet:
    """Open postings matching the list page's search and filters."""
    qs = Posting.objects.open()
    if kind:
        qs = qs.filter(kind=kind)
    if location:
        qs = qs.filter(location=location)
    if remote:
        qs = qs.filter(remote=True)
    if skill:
        qs = qs.filter(skills__name=skill)
    if q:
        # search_text is lower-cased in Python (Unicode-aware on every database).
        qs = qs.filter(Q(search_text__contains=q.casefold()) | Q(organization__name__icontains=q))
    if skill or q:
        # Joins through skills can repeat a posting: keep ids distinct in a subquery, so
        # ordering and pagination stay simple.
        qs = Posting.objects.filter(pk__in=qs.values("pk"))
    return postings_with_related(qs).order_by(*POSTING_SORTS.get(sort, POSTING_SORTS["newest"]))


def posting_filter_options(*, kind: str = "") -> dict:
    """Choices for the filter form: locations and skills that open postings use."""
    open_postings = Posting.objects.open()
    if kind:
        open_postings = open_postings.filter(kind=kind)
    locations = (
        open_postings.exclude(location="")
        .order_by("location")
        .values_list("location", flat=True)
        .distinct()
    )
    skills = (
        Skill.objects.filter(postings__in=open_postings)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return {"locations": list(locations), "skills": list(skills)}


def posting_for_viewer(*, posting: Posting, user) -> dict:
    """What the posting page shows the viewer: their application, the applicant count."""
    context: dict = {"my_application": None, "applicant_count": None}
    if not user.is_authenticated:
        return context
    if user.is_student:
        context["my_application"] = Application.objects.filter(
            posting=posting, student=user
        ).first()
    if permissions.can_manage_posting(user, posting):
        context["applicant_count"] = posting.applications.count()
    return context


def applicants(*, posting: Posting) -> QuerySet:
    """A posting's applications with each student's profile and skills (for the table)."""
    return (
        Application.objects.filter(posting=posting)
        .select_related("student", "student__profile", "posting")
        .prefetch_related(
            Prefetch("student__profile__skills", queryset=Skill.objects.order_by("name"))
        )
    )


def application_with_history(qs: QuerySet) -> QuerySet:
    """Applications with their posting, student and status history (the cards). The
    student's skills are not loaded: only the application's page shows them
    (`application_for_viewer`)."""
    return qs.select_related(
        "posting__organization", "posting__employer", "student", "student__profile"
    ).prefetch_related(
        Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor")),
    )


def student_applications(*, user: User) -> QuerySet:
    """A student's applications, newest first, with each one's status history."""
    return application_with_history(Application.objects.of_student(user)).order_by(
        "-created", "-id"
    )


def application_for_viewer(*, pk: int, user: User) -> Application | None:
    """One application if the viewer may see it: its student, the posting's owner, staff."""
    qs = application_with_history(Application.objects.filter(pk=pk)).prefetch_related(
        Prefetch("student__profile__skills", queryset=Skill.objects.order_by("name"))
    )
    if not user.is_staff:
        qs = qs.filter(Q(student=user) | Q(posting__employer=user))
    return qs.first()


@dataclass
class ChartBar:
    day: datetime.date
    count: int


def _bar_chart(counts: dict[datetime.date, int], *, start: datetime.date) -> dict:
    """Applications per day for CHART_DAYS days (the data; the template tag
    `bar_chart_geometry` draws it)."""
    bars = []
    for index in range(CHART_DAYS):
        day = start + datetime.timedelta(days=index)
        bars.append(ChartBar(day=day, count=counts.get(day, 0)))
    return {
        "bars": bars,
        "peak": max(counts.values(), default=0),
        "total": sum(counts.values()),
        "start": start,
        "end": start + datetime.timedelta(days=CHART_DAYS - 1),
    }


def employer_dashboard(*, user: User) -> dict:
    """An employer's postings with applicant counts, counts per status, a 30-day chart."""
    postings = (
        Posting.objects.owned_by(user)
        .select_related("organization")
        .annotate(
            applicant_count=Count("applications"),
            new_count=Count(
                "applications", filter=Q(applications__status=Application.Status.SUBMITTED)
            ),
        )
        .order_by("-created", "-id")
    )
    mine = Application.objects.filter(posting__employer=user)
    per_status = dict(
        mine.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    status_counts = [
        {"status": value, "label": label, "count": per_status.get(value, 0)}
        for value, label in Application.Status.choices
    ]
    start = timezone.localdate() - datetime.timedelta(days=CHART_DAYS - 1)
    # One aggregated query: applications per local calendar day.
    daily = (
        mine.filter(created__date__gte=start)
        .annotate(day=TruncDate("created"))
        .order_by()
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return {
        "postings": postings,
        "status_counts": status_counts,
        "application_total": sum(per_status.values()),
        "chart": _bar_chart(dict(daily), start=start),
    }


def bid_postings(*, employer: User) -> QuerySet:
    """The open internships an employer can offer in an auction."""
    return (
        Posting.objects.open()
        .owned_by(employer)
        .filter(kind=Posting.Kind.INTERNSHIP)
        .select_related("organization")
        .order_by("-created")
    )


def auction_list(*, status: str = "active") -> QuerySet:
    """Live auctions ending soonest first, or ended ones most recent first."""
    now = timezone.now()
    qs = Auction.objects.select_related("student", "student__profile", "best_bid")
    if status == "finished":
        return qs.ended(now).order_by("-ends_at", "-id")
    return qs.live(now).order_by("ends_at", "id")


def auctions_for_page() -> QuerySet:
    return Auction.objects.select_related(
        "student",
        "student__profile",
        "best_bid__employer",
        "best_bid__posting__organization",
        "winner",
        "winner_posting__organization",
    )


def posting_for_applicants_page(pk: int) -> Posting | None:
    """The posting its applicants' table is about (None: no such posting), kept in this
    process under the `internships` and `people` versions like `auction_for_page`."""
    return versioned(
        f"posting-applicants-page:{pk}",
        ("internships", "people"),
        lambda: Posting.objects.select_related("organization").filter(pk=pk).first(),
    )


def employer_has_bid(*, auction: Auction, employer: User) -> bool:
    """Whether the employer bid on the auction (their standing), kept in this process
    under the `internships` version like the auction (a new bid changes it)."""
    if auction.best_bid is not None and auction.best_bid.employer_id == employer.pk:
        return True  # the best bid is theirs: no need to ask
    return versioned(
        f"auction-has-bid:{auction.pk}:{employer.pk}",
        ("internships",),
        lambda: auction.bids.filter(employer=employer).exists(),
    )


def auction_for_page(pk: int) -> Auction | None:
    """The auction with what its page shows (None: no such auction), kept in this
    process's fragments cache under the `internships` and `people` data versions: every
    write to an auction, a bid, a posting or a person changes the key, and its state by
    the clock (`effective_status`, `seconds_left`) is computed from `ends_at` on use."""
    return versioned(
        f"auction-page:{pk}",
        ("internships", "people"),
        lambda: auctions_for_page().filter(pk=pk).first(),
    )


# The auction page and each live update show this many latest bids; "show all" pages them.
BIDS_SHOWN = 10


def _bids_for(auction: Auction):
    return auction.bids.select_related("employer", "posting__organization").order_by(
        "-amount", "-created", "-id"
    )


def _mark_bidders(bids: list[Bid], *, auction: Auction, user) -> list[Bid]:
    sees_all = permissions.can_see_bidders(user, auction)
    for bid in bids:
        bid.is_mine = user.is_authenticated and bid.employer_id == user.pk
        bid.show_bidder = sees_all or bid.is_mine
    return bids


def auction_bids(*, auction: Auction, user, limit: int | None = BIDS_SHOWN) -> list[Bid]:
    """The auction's latest bids (the best first). `show_bidder` says if the viewer may see
    who bid: the student and staff see every bidder; an employer sees the amounts of all
    bids but names only on their own ones."""
    qs = _bids_for(auction)
    return _mark_bidders(list(qs[:limit] if limit else qs), auction=auction, user=user)


def auction_bids_after(*, auction: Auction, user, after: int) -> list[Bid]:
    """Only the bids a viewer has not seen (ids above `after`), at most BIDS_SHOWN: a live
    update's size does not grow with the auction's history."""
    if auction.bid_count == 0 or (auction.best_bid_id is not None and auction.best_bid_id <= after):
        # Every accepted bid becomes the best (`bid_place` settles it under the auction's
        # row lock), so none is newer than the best one: the common poll asks nothing.
        return []
    newest = auction_bids_after_queryset(auction=auction, after=after)[:BIDS_SHOWN]
    # Shown in the list's order (best first; each bid beats the one before, so the same).
    bids = sorted(newest, key=lambda bid: (bid.amount, bid.created, bid.pk), reverse=True)
    return _mark_bidders(bids, auction=auction, user=user)


def auction_bids_after_queryset(*, auction: Auction, after: int):
    """The bids above id `after`, newest first (`internships_bid_new_idx`)."""
    return (
        auction.bids.filter(pk__gt=after)
        .select_related("employer", "posting__organization")
        .order_by("-id")
    )


def auction_bids_page(*, auction: Auction, user, page):
    """Mark the bidders on one page of "show all"."""
    page.object_list = _mark_bidders(list(page.object_list), auction=auction, user=user)
    return page


def auction_bid_queryset(*, auction: Auction):
    return _bids_for(auction)


def home_section() -> dict:
    """The home page's internships section: newest open postings, live auctions."""
    return {
        "home_postings": list(
            postings_with_related(Posting.objects.open()).order_by("-created")[:4]
        ),
        "home_auctions": list(
            Auction.objects.live().select_related("student").order_by("ends_at", "id")[:3]
        ),
    }
