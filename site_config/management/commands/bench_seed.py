"""`manage.py bench_seed --ads N`: a large, reproducible data set for `make bench`.

`seed_demo` creates believable content one object at a time (through the services, with
pictures); at 10,000+ rows that takes many minutes. This fills the same tables in bulk
with a fixed random seed: for N ads, 5N responses, N/5 postings, 2N applications, N/10
users, auctions with bids; N/10 courses with 2N enrollments; N blog posts with 2N
comments; 10 forums, N/5 threads with 2N posts; N/5 videos; N/20 chats with 10 messages
each (the bench student in N/100 of them). Meant for an empty database (the bench creates
its own).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organization, Profile, Skill, User
from board.models import Ad, Category, Response
from community.models import (
    BlogComment,
    BlogPost,
    Chat,
    ChatMember,
    Forum,
    ForumPost,
    Message,
    Thread,
    Video,
)
from internships.models import Application, Auction, Bid, Posting
from learning.models import Course, Enrollment

BENCH_PASSWORD = "bench-password"
BATCH = 2000

WORDS = [
    "рейд",
    "танк",
    "хил",
    "маг",
    "воин",
    "лут",
    "мифрил",
    "кузнец",
    "зелья",
    "гильдия",
    "квест",
    "подземелье",
    "дракон",
    "щит",
    "меч",
    "посох",
    "свиток",
    "руна",
    "арена",
    "ключи",
    "прогресс",
    "статик",
    "фарм",
    "торговля",
    "броня",
]
FIRST = ["Анна", "Иван", "Мария", "Пётр", "Ольга", "Дмитрий", "Елена", "Сергей"]
LAST = ["Иванова", "Петров", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева"]
SKILLS = ["Python", "Django", "SQL", "JavaScript", "Figma", "Go", "Аналитика", "Docker"]
CITIES = ["Москва", "Казань", "Новосибирск", "Екатеринбург", "Санкт-Петербург"]


@contextlib.contextmanager
def _keep_given_dates(*models):
    """bulk_create with the dates given here, not `auto_now(_add)`'s "now"."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def bench_users(*, kind: str) -> User:
    """The account the bench logs in as for each logged-in page ("student", "employer")."""
    return User.objects.get(email=f"bench-{kind}@bench.local")


def _session_for(user: User) -> str:
    """A logged-in session of the user (what the login view would store)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def bench_targets() -> dict:
    """Sessions and object ids the bench's requests use."""
    from django.db.models import Count

    student, employer = bench_users(kind="student"), bench_users(kind="employer")
    posting = (
        Posting.objects.filter(employer=employer)
        .annotate(n=Count("applications"))
        .order_by("-n", "pk")
        .first()
    )
    auction = Auction.objects.order_by("-bid_count", "pk").first()
    bidders = []
    for bidder in User.objects.filter(
        role=User.Role.EMPLOYER, email__endswith="@bench.local"
    ).order_by("pk"):
        internship = (
            Posting.objects.open()
            .filter(employer=bidder, kind=Posting.Kind.INTERNSHIP)
            .order_by("pk")
            .first()
        )
        if internship is not None:
            bidders.append({"session": _session_for(bidder), "posting": internship.pk})
        if len(bidders) == 50:
            break
    return {
        "student": _session_for(student),
        "employer": _session_for(employer),
        "ad": Ad.objects.visible().order_by("-created", "-id").values_list("pk", flat=True)[0],
        "posting": posting.pk,
        "auction": auction.pk,
        "bid_auction": Auction.objects.order_by("bid_count", "pk").first().pk,
        "bidders": bidders,
        "course": Course.objects.published()
        .order_by("-student_count", "-id")
        .values_list("pk", flat=True)
        .first(),
        "blog_post": BlogPost.objects.public()
        .order_by("-created", "-id")
        .values_list("pk", flat=True)
        .first(),
        "forum": Forum.objects.order_by("order", "pk").values_list("pk", flat=True).first(),
        **_busiest_thread(),
    }


def _busiest_thread() -> dict:
    """The visible thread with the most replies and its forum (for the thread page)."""
    thread = Thread.objects.filter(is_hidden=False).order_by("-reply_count", "pk").first()
    return {"thread": thread.pk, "thread_forum": thread.forum_id} if thread else {}


class Command(BaseCommand):
    help = "Fill an empty database with a large, reproducible data set for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--ads", type=int, default=10_000, help="How many ads (N).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument(
            "--targets",
            action="store_true",
            help="Print (JSON) what the bench requests: logged-in sessions and object ids.",
        )

    def handle(self, *args, ads: int, seed: int, targets: bool = False, **options):
        if targets:
            self.stdout.write(json.dumps(bench_targets()))
            return
        if ads < 10:
            raise CommandError("--ads must be at least 10.")
        if User.objects.filter(email__endswith="@bench.local").exists():
            self.stdout.write("bench data already there: nothing to do.")
            return
        rng = random.Random(seed)
        now = timezone.now()
        dated = (
            Ad,
            Response,
            Posting,
            Application,
            BlogPost,
            BlogComment,
            Thread,
            ForumPost,
            Video,
        )
        with transaction.atomic(), _keep_given_dates(*dated):
            users = self._users(rng, count=max(40, ads // 10), now=now)
            students = [u for u in users if u.role == User.Role.STUDENT]
            employers = [u for u in users if u.role == User.Role.EMPLOYER]
            organizations = self._organizations(rng, employers=employers, count=max(5, ads // 100))
            ad_rows = self._ads(rng, users=users, count=ads, now=now)
            self._responses(rng, ads=ad_rows, users=users, count=ads * 5, now=now)
            postings = self._postings(
                rng, employers=employers, organizations=organizations, count=ads // 5, now=now
            )
            self._applications(rng, postings=postings, students=students, count=ads * 2, now=now)
            self._auctions(rng, students=students, employers=employers, postings=postings, now=now)
            teachers = [u for u in users if u.role == User.Role.TEACHER]
            self._courses(rng, teachers=teachers, students=students, count=ads // 10, now=now)
            self._blogs(rng, users=users, count=ads, now=now)
            self._forums(rng, users=users, threads=ads // 5, posts=ads * 2, now=now)
            self._videos(rng, users=users, count=ads // 5, now=now)
            self._chats(rng, users=users, count=ads // 20, now=now)
        self.stdout.write(
            f"bench: {User.objects.count()} users, {Ad.objects.count()} ads, "
            f"{Response.objects.count()} responses, {Posting.objects.count()} postings, "
            f"{Application.objects.count()} applications, {Bid.objects.count()} bids, "
            f"{Course.objects.count()} courses, {Enrollment.objects.count()} enrollments, "
            f"{BlogPost.objects.count()} blog posts, {BlogComment.objects.count()} comments, "
            f"{Thread.objects.count()} threads, {ForumPost.objects.count()} forum posts, "
            f"{Video.objects.count()} videos, {Chat.objects.count()} chats, "
            f"{Message.objects.count()} messages."
        )

    def _users(self, rng, *, count: int, now) -> list[User]:
        password = make_password(BENCH_PASSWORD)
        roles = [User.Role.STUDENT] * 6 + [User.Role.EMPLOYER] * 3 + [User.Role.TEACHER]
        rows = [
            User(
                email=f"bench-{kind}@bench.local",
                first_name="Бенч",
                last_name=kind,
                role=role,
                password=password,
                date_joined=now,
            )
            for kind, role in (("student", User.Role.STUDENT), ("employer", User.Role.EMPLOYER))
        ]
        for index in range(count):
            rows.append(
                User(
                    email=f"user{index}@bench.local",
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    role=roles[index % len(roles)],
                    password=password,
                    date_joined=now - datetime.timedelta(hours=index),
                )
            )
        User.objects.bulk_create(rows, batch_size=BATCH)
        users = list(User.objects.filter(email__endswith="@bench.local").order_by("pk"))
        skills = [Skill.objects.get_or_create(name=name)[0] for name in SKILLS]
        Profile.objects.bulk_create(
            [Profile(user=user, city=rng.choice(CITIES), headline=_text(rng, 4)) for user in users],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        through = Profile.skills.through
        through.objects.bulk_create(
            [
                through(profile_id=profile_id, skill_id=skill.pk)
                for profile_id in Profile.objects.values_list("pk", flat=True)
                for skill in rng.sample(skills, 3)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return users

    def _organizations(self, rng, *, employers, count: int) -> list[Organization]:
        Organization.objects.bulk_create(
            [
                Organization(name=f"Бенч-компания {index}", description=_text(rng, 12))
                for index in range(count)
            ],
            batch_size=BATCH,
        )
        organizations = list(Organization.objects.filter(name__startswith="Бенч-компания"))
        Membership.objects.bulk_create(
            [
                Membership(
                    organization=organizations[index % len(organizations)],
                    user=employer,
                    role=Membership.Role.OWNER,
                )
                for index, employer in enumerate(employers)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return organizations

    def _ads(self, rng, *, users, count: int, now) -> list[int]:
        categories = Category.values
        rows = []
        for index in range(count):
            created = now - datetime.timedelta(minutes=7 * index + 1)
            body = _text(rng, 60)
            rows.append(
                Ad(
                    author=users[index % len(users)],
                    title=_text(rng, 5).capitalize(),
                    category=categories[index % len(categories)],
                    body=f"<p>{body}</p>",
                    body_text=body,
                    # A few are hidden by moderators (some of them the bench user's own).
                    is_hidden=index % 97 == 0,
                    created=created,
                    updated=created,
                )
            )
        Ad.objects.bulk_create(rows, batch_size=BATCH)
        return list(Ad.objects.values_list("pk", "author_id", "created"))

    def _responses(self, rng, *, ads, users, count: int, now) -> None:
        rows = []
        for index in range(count):
            ad_id, author_id, created = ads[rng.randrange(len(ads))]
            author = users[(index * 7) % len(users)]
            if author.pk == author_id:
                author = users[(index * 7 + 1) % len(users)]
            accepted = index % 5 == 0
            when = min(now, created + datetime.timedelta(minutes=30 + index % 600))
            rows.append(
                Response(
                    ad_id=ad_id,
                    ad_author_id=author_id,
                    author=author,
                    text=_text(rng, 15),
                    status=Response.Status.ACCEPTED if accepted else Response.Status.PENDING,
                    accepted_at=when if accepted else None,
                    created=when,
                )
            )
            if len(rows) >= BATCH:
                Response.objects.bulk_create(rows)
                rows = []
        Response.objects.bulk_create(rows)

    def _postings(self, rng, *, employers, organizations, count: int, now) -> list[Posting]:
        today = timezone.localdate()
        rows = []
        for index in range(max(count, 2)):
            title = f"{rng.choice(SKILLS)}-стажёр {index}"
            rows.append(
                Posting(
                    employer=employers[index % len(employers)],
                    organization=organizations[index % len(organizations)],
                    kind=Posting.Kind.JOB if index % 3 == 0 else Posting.Kind.INTERNSHIP,
                    title=title,
                    description=f"<p>{_text(rng, 40)}</p>",
                    location=rng.choice(CITIES),
                    remote=index % 4 == 0,
                    pay_min=30_000 + 1000 * (index % 50),
                    pay_max=90_000 + 1000 * (index % 50),
                    deadline=today + datetime.timedelta(days=1 + index % 60),
                    # Every tenth one is closed (off the public lists).
                    status=Posting.Status.CLOSED if index % 10 == 9 else Posting.Status.PUBLISHED,
                    search_text=title.casefold(),
                    created=now - datetime.timedelta(minutes=37 * index + 1),
                    updated=now,
                )
            )
        Posting.objects.bulk_create(rows, batch_size=BATCH)
        postings = list(Posting.objects.order_by("pk"))
        skills = list(Skill.objects.all())
        through = Posting.skills.through
        through.objects.bulk_create(
            [
                through(posting_id=posting.pk, skill_id=skill.pk)
                for posting in postings
                for skill in rng.sample(skills, 3)
            ],
            batch_size=BATCH,
        )
        return postings

    def _applications(self, rng, *, postings, students, count: int, now) -> None:
        statuses = Application.Status.values
        rows, seen = [], set()
        # The bench employer's first posting gets a full applicants table.
        index = 0
        while len(rows) < count and index < count * 3:
            posting = postings[index % len(postings)]
            student = students[(index // len(postings) + index) % len(students)]
            index += 1
            if (posting.pk, student.pk) in seen:
                continue
            seen.add((posting.pk, student.pk))
            rows.append(
                Application(
                    posting=posting,
                    student=student,
                    status=statuses[index % len(statuses)],
                    cover_letter=_text(rng, 30),
                    created=now - datetime.timedelta(minutes=11 * index),
                    updated=now,
                )
            )
        Application.objects.bulk_create(rows, batch_size=BATCH)

    def _auctions(self, rng, *, students, employers, postings, now) -> None:
        count = max(3, len(students) // 20)
        auctions = Auction.objects.bulk_create(
            [
                Auction(
                    student=students[index],
                    title=f"Стажёр-{index}: {_text(rng, 3)}",
                    pitch=_text(rng, 30),
                    reserve=40_000,
                    min_step=1000,
                    ends_at=now + datetime.timedelta(days=2, hours=index),
                    created=now - datetime.timedelta(hours=index),
                )
                for index in range(count)
            ]
        )
        internships = {}
        for posting in postings:
            if posting.kind == Posting.Kind.INTERNSHIP:
                internships.setdefault(posting.employer_id, posting)
        bidders = [e for e in employers if e.pk in internships][:50]
        for number, auction in enumerate(auctions):
            # The first auction is the busy one the bench opens (hundreds of bids).
            bids = 300 if number == 0 else 5
            amount = auction.reserve
            rows = []
            for step in range(bids):
                employer = bidders[step % len(bidders)]
                rows.append(
                    Bid(
                        auction=auction,
                        employer=employer,
                        posting=internships[employer.pk],
                        amount=amount,
                        created=now - datetime.timedelta(minutes=bids - step),
                    )
                )
                amount += auction.min_step
            Bid.objects.bulk_create(rows)
            best = Bid.objects.filter(auction=auction).order_by("-amount").first()
            Auction.objects.filter(pk=auction.pk).update(
                best_amount=best.amount, best_bid=best, bid_count=bids
            )

    def _courses(self, rng, *, teachers, students, count: int, now) -> None:
        levels = Course.Level.values
        rows = []
        for index in range(max(count, 3)):
            title = f"{rng.choice(SKILLS)}: {_text(rng, 3)}"
            summary = _text(rng, 12)
            rows.append(
                Course(
                    teacher=teachers[index % len(teachers)],
                    title=title,
                    summary=summary,
                    description=f"<p>{_text(rng, 40)}</p>",
                    level=levels[index % len(levels)],
                    # Every tenth one is a draft (off the public catalog).
                    is_published=index % 10 != 9,
                    search_text=f"{title} {summary}".casefold(),
                    lesson_count=5,
                    created=now - datetime.timedelta(minutes=53 * index + 1),
                )
            )
        Course.objects.bulk_create(rows, batch_size=BATCH)
        courses = list(Course.objects.filter(is_published=True).order_by("pk"))
        # 2N enrollments (20 per course), the bench student in the first few courses.
        enrollments, counts = [], {}
        for number, course in enumerate(courses):
            for offset in range(20):
                student = students[(number * 7 + offset) % len(students)]
                enrollments.append(Enrollment(student=student, course=course))
            counts[course.pk] = 20
        Enrollment.objects.bulk_create(enrollments, batch_size=BATCH, ignore_conflicts=True)
        Course.objects.filter(pk__in=counts).update(student_count=20)
        bench_student = bench_users(kind="student")
        Enrollment.objects.bulk_create(
            [Enrollment(student=bench_student, course=course) for course in courses[:12]],
            ignore_conflicts=True,
        )

    def _blogs(self, rng, *, users, count: int, now) -> None:
        rows = []
        for index in range(count):
            created = now - datetime.timedelta(minutes=13 * index + 1)
            body = _text(rng, 80)
            rows.append(
                BlogPost(
                    author=users[(index * 3) % len(users)],
                    title=_text(rng, 6).capitalize(),
                    body=f"<p>{body}</p>",
                    body_text=body,
                    is_published=index % 20 != 19,
                    is_hidden=index % 101 == 0,
                    comment_count=2,
                    view_count=index % 50,
                    created=created,
                    updated=created,
                )
            )
        BlogPost.objects.bulk_create(rows, batch_size=BATCH)
        comments = []
        for index, (post_id, created) in enumerate(BlogPost.objects.values_list("pk", "created")):
            for offset in range(2):
                when = min(now, created + datetime.timedelta(minutes=20 * (offset + 1)))
                comments.append(
                    BlogComment(
                        post_id=post_id,
                        author=users[(index + offset * 5) % len(users)],
                        text=_text(rng, 12),
                        created=when,
                        updated=when,
                    )
                )
            if len(comments) >= BATCH:
                BlogComment.objects.bulk_create(comments)
                comments = []
        BlogComment.objects.bulk_create(comments)

    def _forums(self, rng, *, users, threads: int, posts: int, now) -> None:
        from django.db.models import Count, IntegerField, OuterRef, Subquery

        Forum.objects.bulk_create(
            [
                Forum(title=f"Бенч-форум {index}", description=_text(rng, 8), order=index)
                for index in range(10)
            ]
        )
        forums = list(Forum.objects.order_by("order", "pk"))
        rows = []
        for index in range(max(threads, 10)):
            created = now - datetime.timedelta(minutes=29 * index + 1)
            rows.append(
                Thread(
                    forum=forums[index % len(forums)],
                    author=users[(index * 11) % len(users)],
                    title=_text(rng, 6).capitalize(),
                    is_pinned=index < 10 and index % 5 == 0,
                    is_hidden=index % 103 == 0,
                    created=created,
                    last_activity=created,
                )
            )
        Thread.objects.bulk_create(rows, batch_size=BATCH)
        thread_rows = list(Thread.objects.values_list("pk", "author_id", "created"))
        per_thread = max(1, posts // len(thread_rows))
        rows = []
        for index, (thread_id, author_id, created) in enumerate(thread_rows):
            for step in range(per_thread):
                text = _text(rng, 25)
                rows.append(
                    ForumPost(
                        thread_id=thread_id,
                        author_id=author_id if step == 0 else users[(index + step) % len(users)].pk,
                        text=text,
                        html=f"<p>{text}</p>",
                        created=min(now, created + datetime.timedelta(minutes=9 * step)),
                    )
                )
            if len(rows) >= BATCH:
                ForumPost.objects.bulk_create(rows)
                rows = []
        ForumPost.objects.bulk_create(rows)
        # Each thread's denormalized last post, activity and reply count, in three UPDATEs.
        last = ForumPost.objects.filter(thread=OuterRef("pk")).order_by("-created", "-id")
        replies = (
            ForumPost.objects.filter(thread=OuterRef("pk"))
            .order_by()
            .values("thread")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Thread.objects.update(
            last_post=Subquery(last.values("pk")[:1]),
            last_activity=Subquery(last.values("created")[:1]),
        )
        Thread.objects.update(reply_count=Subquery(replies, output_field=IntegerField()) - 1)
        from community.services.forums import forum_refresh

        forum_refresh(*(forum.pk for forum in forums))

    def _videos(self, rng, *, users, count: int, now) -> None:
        Video.objects.bulk_create(
            [
                Video(
                    uploader=users[(index * 5) % len(users)],
                    title=_text(rng, 5).capitalize(),
                    description=_text(rng, 20),
                    source_url="https://www.youtube.com/watch?v=jNQXAC9IVRw",
                    embed_url="https://www.youtube.com/embed/jNQXAC9IVRw",
                    thumbnail_url="https://i.ytimg.com/vi/jNQXAC9IVRw/hqdefault.jpg",
                    is_hidden=index % 97 == 0,
                    view_count=index % 300,
                    created=now - datetime.timedelta(minutes=41 * index + 1),
                )
                for index in range(max(count, 3))
            ],
            batch_size=BATCH,
        )

    def _chats(self, rng, *, users, count: int, now) -> None:
        """One-to-one chats of 10 messages each; the bench student is in every fifth one."""
        from django.db.models import OuterRef, Subquery

        bench_student = bench_users(kind="student")
        others = [user for user in users if user.pk != bench_student.pk]
        chats, pairs, keys = [], [], set()
        for index in range(max(count, 5)):
            first = bench_student if index % 5 == 0 else others[(index * 3) % len(others)]
            second = others[(index * 3 + 1 + index // len(others)) % len(others)]
            if first.pk == second.pk:
                second = others[(index * 3 + 2) % len(others)]
            key = Chat.direct_key_for(first.pk, second.pk)
            if key in keys:
                continue
            keys.add(key)
            chats.append(Chat(created_by=first, direct_key=key, created=now))
            pairs.append((first, second))
        chats = Chat.objects.bulk_create(chats, batch_size=BATCH)
        ChatMember.objects.bulk_create(
            [
                ChatMember(chat=chat, user=user)
                for chat, pair in zip(chats, pairs, strict=True)
                for user in pair
            ],
            batch_size=BATCH,
        )
        messages = []
        for number, (chat, pair) in enumerate(zip(chats, pairs, strict=True)):
            start = now - datetime.timedelta(hours=number + 1)
            for step in range(10):
                messages.append(
                    Message(
                        chat=chat,
                        sender=pair[step % 2],
                        text=_text(rng, 10),
                        created=start + datetime.timedelta(minutes=step),
                        seq=step + 1,
                    )
                )
            if len(messages) >= BATCH:
                Message.objects.bulk_create(messages)
                messages = []
        Message.objects.bulk_create(messages)
        last = Message.objects.filter(chat=OuterRef("pk")).order_by("-id")
        Chat.objects.filter(pk__in=[chat.pk for chat in chats]).update(
            last_message=Subquery(last.values("pk")[:1]),
            last_activity=Subquery(last.values("created")[:1]),
            seq=10,
        )
        # Everyone has read all but the last two messages of each chat.
        read = Message.objects.filter(chat=OuterRef("chat_id")).order_by("-id")
        ChatMember.objects.filter(chat__in=chats).update(
            chat_activity=Subquery(
                Chat.objects.filter(pk=OuterRef("chat_id")).values("last_activity")[:1]
            ),
            last_read_id=Subquery(read.values("pk")[2:3]),
        )
