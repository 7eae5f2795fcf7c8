"""Reads of the board that join models or depend on who is asking."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core import signing
from django.db.models import Count, Q, QuerySet

from accounts.models import User
from accounts.selectors import case_variants
from board.models import Ad, Category, Newsletter, Response
from board.services import UNSUBSCRIBE_SALT
from site_config.cache import VersionedRows, data_version, versioned
from site_config.merged import MergedList

SEARCH_MAX_LENGTH = 100
HOME_SECTION_SIZE = 4


def _search(ads: QuerySet[Ad], query: str) -> QuerySet[Ad]:
    if settings.IS_POSTGRES:
        # Every word as a prefix ("мифрил" finds "мифриловую"); only word characters reach
        # the raw tsquery, so its syntax cannot be broken by what people type.
        terms = re.findall(r"\w+", query)[:10]
        if not terms:
            return ads
        tsquery = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), config="russian", search_type="raw"
        )
        # The same expression as the GIN index of migration 0002, so the index is used.
        vector = SearchVector("title", "body_text", config="russian")
        return ads.annotate(search=vector).filter(search=tsquery)
    # SQLite: a contains-match. Its LIKE folds only ASCII letters, so the usual letter
    # cases are searched too ("танк" finds "Танк").
    condition = Q()
    for variant in case_variants(query):
        condition |= Q(title__icontains=variant) | Q(body_text__icontains=variant)
    return ads.filter(condition)


LIST_ORDER = ("-created", "-id")
COUNTS_TIMEOUT = 60 * 60


def _clean_query(query: str) -> str:
    return " ".join(query.split())[:SEARCH_MAX_LENGTH]


def _list_fields(ads: QuerySet[Ad]) -> QuerySet[Ad]:
    # The list shows the teaser (body_text), never the HTML body.
    return ads.select_related("author").defer("body").order_by(*LIST_ORDER)


def _newest_first(ad: Ad) -> tuple:
    return (ad.created, ad.pk)


class BoardList(MergedList):
    """The board for a logged-in viewer: the public ads and the viewer's own hidden ones,
    newest first, as one sliceable list for the paginator (two index lookups, not an OR:
    site_config/merged.py)."""

    def __init__(self, public, hidden: list[Ad], public_count: int | None = None):
        super().__init__(public, hidden, key=_newest_first, public_count=public_count)

    @property
    def hidden(self) -> list[Ad]:
        return self.extra


def _hidden_of(viewer, category: str, query: str) -> list[Ad]:
    """The viewer's own hidden ads (asked once per request: the list and the chips)."""
    if not viewer.is_authenticated:
        return []
    memo = viewer.__dict__.setdefault("_board_hidden_ads", {})
    key = (category, query, data_version("board", "people"))
    if key not in memo:
        hidden = Ad.objects.by(viewer).filter(is_hidden=True).in_category(category)
        if query:
            hidden = _search(hidden, query)
        # Kept in each process under the versions (a hidden, unhidden or edited ad, a
        # rename changes them): most viewers have none, and asking costs a query per page.
        rows = VersionedRows(
            lambda: _list_fields(hidden),
            key=("board-hidden", viewer.pk, category, query),
            namespaces=("board", "people"),
        )
        memo[key] = rows.list()
    return memo[key]


def ad_list(*, viewer, category: str = "", query: str = ""):
    """The board for this viewer, newest first: public ads plus the viewer's hidden ones.

    A sliceable list with `count()` (what the paginator needs); the total comes from the
    cached category counts when there is no search.
    """
    query = _clean_query(query)
    public = Ad.objects.visible().in_category(category)
    if query:
        public = _search(public, query)
    if viewer.is_authenticated and viewer.is_staff:
        # Staff see every ad; moderators work in the admin, so this stays a plain query.
        everything = Ad.objects.in_category(category)
        return _list_fields(_search(everything, query) if query else everything)
    public_count = None
    if not query:
        counts = public_category_counts()
        public_count = counts.get(category, 0) if category else sum(counts.values())
    # The public rows are the same for every viewer: their pages are kept in each process
    # under the board and people versions (any ad written, any rename changes the keys).
    public_rows = VersionedRows(
        lambda: _list_fields(public),
        key=("board-public", category, query),
        namespaces=("board", "people"),
    )
    return BoardList(public_rows, _hidden_of(viewer, category, query), public_count=public_count)


def public_category_counts() -> dict[str, int]:
    """How many public ads each category has: one index-only query per board change,
    cached under the board's data version (any ad written bumps it)."""

    def count():
        rows = Ad.objects.visible().order_by().values("category").annotate(n=Count("id"))
        return {row["category"]: row["n"] for row in rows}

    # In this process's memory: no round trip per board view.
    return versioned("board:category-counts", ("board",), count, timeout=COUNTS_TIMEOUT)


def category_counts(*, viewer, query: str = "") -> dict[str, int]:
    """How many ads the viewer sees in each category, for the current search (the chips)."""
    query = _clean_query(query)
    if viewer.is_authenticated and viewer.is_staff:
        ads = Ad.objects.all()
    elif query:
        ads = Ad.objects.listed_for(viewer)
    else:
        counts = dict(public_category_counts())
        for ad in _hidden_of(viewer, "", ""):
            counts[ad.category] = counts.get(ad.category, 0) + 1
        return counts
    if query:
        ads = _search(ads, query)
    rows = ads.order_by().values("category").annotate(n=Count("id"))
    return {row["category"]: row["n"] for row in rows}


def ad_for_viewer(*, viewer, pk: int) -> Ad:
    """One ad the viewer may see (hidden ones only for their author and staff).

    Raises Ad.DoesNotExist otherwise.
    """
    return Ad.objects.visible_to(viewer).select_related("author").get(pk=pk)


def ad_responses_for_viewer(*, ad: Ad, viewer) -> QuerySet[Response]:
    """On the ad page: its author sees every response, anyone else only their own."""
    if not viewer.is_authenticated:
        return Response.objects.none()
    responses = ad.responses.select_related("author", "ad")
    if viewer.pk != ad.author_id:
        responses = responses.filter(author=viewer)
    return responses.order_by("-created", "-id")


def responses_to_my_ads(*, user, ad: Ad | None = None, status: str = "") -> QuerySet[Response]:
    """Responses to the user's ads (their private page), optionally for one ad/status."""
    responses = Response.objects.to_ads_of(user)
    if ad is not None:
        responses = responses.filter(ad=ad)
    if status in Response.Status.values:
        responses = responses.filter(status=status)
    return responses.select_related("author", "ad").order_by("-created", "-id")


def response_counts_by_ad(*, user) -> QuerySet:
    """Per ad of the user's: (ad_id, responses, pending ones), from one index alone."""
    return (
        Response.objects.to_ads_of(user)
        .order_by("ad_id")
        .values("ad_id")
        .annotate(
            response_count=Count("id"),
            pending_count=Count("id", filter=Q(status=Response.Status.PENDING)),
        )
    )


def my_ads_with_response_counts(*, user) -> list[Ad]:
    """The user's ads that have responses, for the filter select, newest first.

    The counts come from `board_resp_ad_auth_ad_idx` (no join, no scan of the responses);
    the ads are then read by primary key."""
    counts = {row["ad_id"]: row for row in response_counts_by_ad(user=user)}
    if not counts:
        return []
    ads = Ad.objects.by(user).filter(pk__in=counts).only("id", "title", "is_hidden", "created")
    ads = sorted(ads.order_by(), key=_newest_first, reverse=True)
    for ad in ads:
        ad.response_count = counts[ad.pk]["response_count"]
        ad.pending_count = counts[ad.pk]["pending_count"]
    return ads


def my_ad(*, user, pk: int) -> Ad:
    """One of the user's own ads; raises Ad.DoesNotExist for anyone else's."""
    return Ad.objects.by(user).get(pk=pk)


def response_of_my_ad(*, user, pk: int) -> Response:
    """A response to one of the user's ads; raises Response.DoesNotExist otherwise."""
    return Response.objects.to_ads_of(user).select_related("author", "ad").get(pk=pk)


def responses_sent(*, user, status: str = "") -> QuerySet[Response]:
    """The responses the user sent, newest first, with their ads and the ads' authors."""
    responses = Response.objects.sent_by(user)
    if status in Response.Status.values:
        responses = responses.filter(status=status)
    return (
        responses.select_related("ad", "ad__author").defer("ad__body").order_by("-created", "-id")
    )


def home_section() -> dict:
    """The board's section on the home page: the newest public ads."""
    latest = (
        Ad.objects.visible()
        .select_related("author")
        .defer("body")
        .order_by("-created", "-id")[:HOME_SECTION_SIZE]
    )
    return {"board_latest": list(latest), "board_categories": Category.choices}


def newsletter_list() -> QuerySet[Newsletter]:
    return Newsletter.objects.select_related("created_by").order_by("-created", "-id")


def user_from_unsubscribe_token(*, token: str) -> User:
    """The user a newsletter's unsubscribe token names.

    Raises signing.BadSignature for a forged token and User.DoesNotExist for a deleted user.
    """
    pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(pk, int):
        raise signing.BadSignature("not a user id")
    return User.objects.get(pk=pk)
