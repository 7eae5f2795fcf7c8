"""Write operations of the accounts app; other apps call these too."""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import (
    Membership,
    MembershipRequest,
    Notification,
    Organization,
    OutgoingMail,
    Profile,
    Skill,
    User,
)
from accounts.selectors import case_variants, organization_name_taken, unread_count_key
from site_config.images import AVATAR_BOX, image_prepare
from site_config.models import Upload
from site_config.realtime import announce, user_group
from site_config.siteurl import site_url
from site_config.uploads import upload_allow, upload_delete_later, upload_save, upload_store

logger = logging.getLogger(__name__)


# ---- Mail: the outbox
# Every mail is an OutgoingMail row written in the transaction that causes it (a rollback
# sends nothing). After the commit a Huey task claims the row, sends it and marks it sent;
# a periodic task retries what failed with exponential backoff for OUTBOX_GIVE_UP_AFTER,
# and picks up rows whose sender died holding the claim. See README "Mail".

OUTBOX_CLAIM_TIMEOUT = timedelta(seconds=45)  # > EMAIL_TIMEOUT: a live sender never loses it
OUTBOX_GIVE_UP_AFTER = timedelta(hours=48)
OUTBOX_BACKOFF_FIRST = timedelta(minutes=1)
OUTBOX_BACKOFF_MAX = timedelta(hours=2)
OUTBOX_LONG_PENDING = timedelta(hours=1)


def email_enqueue(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    from_email: str | None = None,
    headers: dict[str, str] | None = None,
    key: str | None = None,
    group: str = "",
    send: bool = True,
) -> OutgoingMail:
    """Write a mail to the outbox; a Huey task sends it once the transaction commits.

    `key` makes it idempotent (a second call with the same key returns the first row);
    `send=False` leaves the sending to the caller (`outbox_deliver`) or the retry task.
    """
    values = {
        "subject": " ".join(str(subject).split())[:998],
        "body": body,
        "to": list(to),
        "html": html or "",
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "headers": dict(headers or {}),
        "group": group,
        "message_id": make_msgid(domain=_message_id_domain()),
    }
    if key:
        row, created = OutgoingMail.objects.get_or_create(key=key, defaults=values)
        if not created:
            return row
    else:
        row = OutgoingMail.objects.create(**values)
    if send:
        from accounts.tasks import outbox_send_task

        pk = row.pk
        transaction.on_commit(lambda: outbox_send_task(pk))
    return row


def _message_id_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "guildhall.local"


def _outbox_message(row: OutgoingMail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email or settings.DEFAULT_FROM_EMAIL,
        to=row.to,
        headers={**row.headers, "Message-ID": row.message_id},
        connection=connection,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def _outbox_is_permanent(exc: Exception) -> bool:
    """A 5xx answer (unknown mailbox, refused sender) will not change on a retry."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return False


def outbox_backoff(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: 1, 2, 4, ... minutes, at most two hours."""
    return min(OUTBOX_BACKOFF_FIRST * (2 ** max(attempts - 1, 0)), OUTBOX_BACKOFF_MAX)


def _outbox_failed(*, row: OutgoingMail, exc: Exception, now) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    give_up = _outbox_is_permanent(exc) or now - row.created >= OUTBOX_GIVE_UP_AFTER
    OutgoingMail.objects.filter(pk=row.pk, state=OutgoingMail.State.SENDING).update(
        state=OutgoingMail.State.FAILED if give_up else OutgoingMail.State.PENDING,
        next_attempt_at=now + outbox_backoff(row.attempts),
        claimed_at=None,
        last_error=error,
    )


_CONNECTION_ERRORS = (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)


def outbox_claim(*, mail_id: int, now=None) -> OutgoingMail | None:
    """Take a due row for sending (one conditional UPDATE: two workers never both win)."""
    now = now or timezone.now()
    claimed = (
        OutgoingMail.objects.due(now=now, claim_timeout=OUTBOX_CLAIM_TIMEOUT)
        .filter(pk=mail_id)
        .update(state=OutgoingMail.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    return OutgoingMail.objects.get(pk=mail_id) if claimed else None


def outbox_deliver(*, mail_ids: Iterable[int]) -> int:
    """Send these outbox rows (those still due) over one connection; returns how many went.

    Each row is claimed, sent, and marked sent in its own commit right after the server
    accepted it, so a dying worker can at worst repeat the one mail it was sending.
    """
    connection = get_connection(fail_silently=False)
    # A server that is away: every row below records the same error.
    with contextlib.suppress(Exception):
        connection.open()
    sent = 0
    try:
        for mail_id in mail_ids:
            row = outbox_claim(mail_id=mail_id)
            if row is None:
                continue
            try:
                accepted = connection.send_messages([_outbox_message(row, connection)])
                if not accepted:
                    raise smtplib.SMTPException("The mail backend sent nothing.")
            except Exception as exc:  # noqa: BLE001 - any failure is recorded and retried
                logger.warning("Mail %s not sent: %s", row.pk, exc)
                _outbox_failed(row=row, exc=exc, now=timezone.now())
                if isinstance(exc, _CONNECTION_ERRORS):
                    break  # the server is away: the rest wait for the retry loop
                continue
            OutgoingMail.objects.filter(pk=row.pk, state=OutgoingMail.State.SENDING).update(
                state=OutgoingMail.State.SENT, sent_at=timezone.now(), last_error=""
            )
            sent += 1
    finally:
        with contextlib.suppress(Exception):  # a dead connection is closed already
            connection.close()
    return sent


def outbox_due_ids(*, now=None, limit: int = 500) -> list[int]:
    """Rows to (re)try now, oldest first."""
    now = now or timezone.now()
    return list(
        OutgoingMail.objects.due(now=now, claim_timeout=OUTBOX_CLAIM_TIMEOUT)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_resend(*, mails) -> int:
    """Staff resend failed or waiting mails now (the admin action); sent ones stay sent."""
    from accounts.tasks import outbox_send_task

    ids = list(mails.exclude(state=OutgoingMail.State.SENT).values_list("pk", flat=True))
    OutgoingMail.objects.filter(pk__in=ids).exclude(state=OutgoingMail.State.SENT).update(
        state=OutgoingMail.State.PENDING, next_attempt_at=timezone.now(), claimed_at=None
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: outbox_send_task(pk))
    return len(ids)


def user_language(user: User | None) -> str:
    """The language to write to this user in: their stored choice, else the site's."""
    code = getattr(user, "language", "") or ""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipient_language(user: User | None) -> translation.override:
    """`with recipient_language(user):` builds texts for that user (a notification, a mail)
    in their language, whoever's request caused them."""
    return translation.override(user_language(user))


def email_send_template(
    *,
    template: str,
    to: list[str],
    context: dict,
    language: str | None = None,
    headers: dict[str, str] | None = None,
    **outbox,
) -> OutgoingMail:
    """Render `emails/<template>_subject.txt`, `_message.txt` and `_message.html`, then queue.

    The context gets `site_url` for absolute links. Rendering happens in `language`, else
    in the active one: a mail to another person is sent inside `recipient_language(...)`.
    """
    with translation.override(language or translation.get_language()):
        ctx = {"site_url": site_url(), "site_name": settings.SITE_NAME, **context}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", ctx).split())
        body = render_to_string(f"emails/{template}_message.txt", ctx)
        html = render_to_string(f"emails/{template}_message.html", ctx)
    return email_enqueue(subject=subject, body=body, to=to, html=html, headers=headers, **outbox)


def notification_create(*, recipient: User, message: str, link: str = "") -> Notification:
    """Notify a user in the app (the bell in the nav and /notifications/).

    Build `message` inside `recipient_language(recipient)`; a lazy string is resolved in
    the recipient's language here.
    """
    with recipient_language(recipient):
        text = str(message)
    notification = Notification.objects.create(recipient=recipient, message=text[:300], link=link)
    # The bell updates at once over the recipient's socket (after commit).
    announce(user_group(recipient.pk), "notification")
    return notification


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them; returns how many changed."""
    qs = Notification.objects.for_user(user).unread()
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    changed = qs.update(read=True)
    if changed:  # the user's other tabs update their bell too
        forget_unread_count(user.pk)  # update() sends no signal
        announce(user_group(user.pk), "notification")
    return changed


def user_complete_signup(
    *, user: User, first_name: str, last_name: str, role: str, language: str | None = None
) -> User:
    """Store the names, role and language given at signup and give the user an empty profile.

    `language` is the one the signup page was shown in (unknown codes mean the site's).
    """

    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.role = role
    user.language = _supported_language(language) or settings.LANGUAGE_CODE
    user.save(update_fields=["first_name", "last_name", "role", "language"])
    Profile.objects.get_or_create(user=user)
    return user


def _supported_language(code: str | None) -> str | None:
    """One of settings.LANGUAGES for a code like "en" or "en-us"; None for anything else."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def user_set_language(*, user: User, language: str) -> bool:
    """Remember the user's language (the switch in the nav, the profile); returns whether
    it changed. Raises ValidationError for a language the site does not speak."""
    code = _supported_language(language)
    if code is None:
        raise ValidationError(
            {"language": _("Choose one of the site's languages.")}, code="invalid_language"
        )
    changed = User.objects.filter(pk=user.pk).exclude(language=code).update(language=code)
    user.language = code
    return bool(changed)


# ---- Avatars


def avatar_prepare(*, upload, user: User | None = None) -> ContentFile:
    """An uploaded avatar, checked and shrunk to fit 200x200 (the site's image pipeline),
    within the user's upload quota and rate (site_config.uploads)."""
    upload_allow(user=user, quota=False)  # the rate counts before anything is decoded
    avatar = image_prepare(upload=upload, box=AVATAR_BOX)
    upload_allow(user=user, size=avatar.size, rate=False)
    return avatar


AVATAR_HOLD_FOLDER = "avatars/held"
AVATAR_HOLD_MAX_AGE = 24 * 3600


def _avatar_hold_salt(user: User) -> str:
    return f"accounts.avatar-held:{user.pk}"


def avatar_hold(*, user: User, avatar: ContentFile) -> str:
    """Keep a checked avatar while the rest of the profile form is corrected; returns a
    token (signed for this user) that the form sends back to use it."""
    # Recorded like every upload: an avatar never used is deleted by the hourly cleanup.
    name = upload_store(
        owner=user,
        content=avatar,
        folder=AVATAR_HOLD_FOLDER,
        kind=Upload.Kind.AVATAR_HELD,
        check=False,  # UserInfoForm.clean_avatar checked the quota and rate
    )
    return signing.dumps(name, salt=_avatar_hold_salt(user))


def avatar_held(*, user: User, token: str) -> ContentFile | None:
    """The avatar kept by `avatar_hold` for this user, or None (bad, old or gone token)."""
    try:
        name = signing.loads(token, salt=_avatar_hold_salt(user), max_age=AVATAR_HOLD_MAX_AGE)
    except signing.BadSignature:
        return None
    if not name.startswith(f"{AVATAR_HOLD_FOLDER}/") or not default_storage.exists(name):
        return None
    with default_storage.open(name) as held:
        avatar = ContentFile(held.read(), name=name.rsplit("/", 1)[-1])
    _delete_file_later(default_storage, name)
    return avatar


def avatar_held_url(*, user: User, token: str) -> str:
    """Where the held avatar can be seen (for the form's preview); "" when it is gone."""
    try:
        name = signing.loads(token, salt=_avatar_hold_salt(user), max_age=AVATAR_HOLD_MAX_AGE)
    except signing.BadSignature:
        return ""
    return default_storage.url(name) if default_storage.exists(name) else ""


def _delete_file_later(storage, name: str) -> None:
    """Delete a stored file (and its upload record) once the transaction that replaced it
    has committed."""
    upload_delete_later(name=name, storage=storage)


# ---- Skills and profiles

SKILLS_MAX = 30


def skills_resolve(*, names: Iterable[str], limit: int | None = None) -> list[Skill]:
    """The Skill rows for these names (the first `limit` distinct ones), created on the fly;
    "python" reuses "Python"."""
    wanted: dict[str, str] = {}
    for raw in names:
        if limit is not None and len(wanted) >= limit:
            break
        name = " ".join(str(raw).split())[: Skill._meta.get_field("name").max_length]
        if name and name.casefold() not in wanted:
            wanted[name.casefold()] = name
    if not wanted:
        return []
    candidates = set()
    for name in wanted.values():
        candidates.update(case_variants(name))
    existing: dict[str, Skill] = {}
    for skill in Skill.objects.filter(name__in=candidates):
        existing.setdefault(skill.name.casefold(), skill)
    skills = []
    for key, name in wanted.items():
        skill = existing.get(key)
        if skill is None:
            skill, _created = Skill.objects.get_or_create(name=name)
        skills.append(skill)
    return skills


def _membership_remove(*, membership: Membership, hand_over: bool = False) -> None:
    """Remove a membership. The last owner of an organization that has other members
    cannot go: nobody inherits an organization by outstaying its owner.

    The owner rows are locked first (on PostgreSQL), so two owners leaving at once cannot
    both succeed; on SQLite writers are serialized anyway (IMMEDIATE transactions).
    """
    organization = membership.organization
    if membership.role == Membership.Role.OWNER:
        owners = list(
            Membership.objects.select_for_update()
            .filter(organization=organization, role=Membership.Role.OWNER)
            .values_list("pk", flat=True)
        )
        others = organization.memberships.exclude(pk=membership.pk).exists()
        if owners == [membership.pk] and others and hand_over:
            # A deleted account cannot hand over: the longest-standing member takes it.
            membership.delete()
            successor = organization.memberships.order_by("joined", "pk").first()
            Membership.objects.filter(pk=successor.pk).update(role=Membership.Role.OWNER)
            return
        if owners == [membership.pk] and others:
            raise ValidationError(
                _(
                    "You are the only owner of “%(organization)s”. Make another member "
                    "an owner before you leave."
                )
                % {"organization": organization.name},
                code="last_owner",
            )
    membership.delete()


# ---- Deleting an account (the rules are in README.md, "Deleting an account")


UNCONFIRMED_SIGNUP_LIFETIME = timedelta(days=7)


def unconfirmed_signups_remove(*, now=None) -> int:
    """Delete signups whose address was never confirmed within a week (hourly task).

    Only accounts made by the signup form (an unconfirmed EmailAddress, no confirmed
    one) that never logged in; staff, accounts made in the admin or the shell (no
    EmailAddress row) and deleted-account tombstones are never touched. Nobody else
    can have pointed at such an account: it could not log in."""
    from allauth.account.models import EmailAddress
    from django.db.models import Exists, OuterRef

    cutoff = (now or timezone.now()) - UNCONFIRMED_SIGNUP_LIFETIME
    addresses = EmailAddress.objects.filter(user=OuterRef("pk"))
    stale = (
        User.objects.filter(
            date_joined__lt=cutoff,
            last_login__isnull=True,
            is_staff=False,
            is_superuser=False,
        )
        .filter(Exists(addresses.filter(verified=False)))
        .exclude(Exists(addresses.filter(verified=True)))
    )
    removed = 0
    for pk in list(stale.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            removed += bool(User.objects.filter(pk=pk).delete()[0])
    if removed:
        logger.info("Removed %d unconfirmed signups older than a week", removed)
    return removed


def account_delete(*, user: User, password: str) -> None:
    """Delete a member's account at their request, after they re-entered their password.

    The row stays as an anonymous, inactive tombstone so that what other people's records
    point at (finished auctions, bids, history) stays consistent; everything personal is
    erased. Each app removes or anonymizes its own content in its `services.user_erase`
    (asked in INSTALLED_APPS order, this app last). Every session of the user ends: the
    password becomes unusable (Django drops sessions whose auth hash no longer matches)
    and inactive users are never authenticated.
    """
    from importlib import import_module

    from allauth.account.models import EmailAddress
    from django.apps import apps

    if not user.is_authenticated or not user.check_password(password or ""):
        raise ValidationError(
            {"password": ValidationError(_("The password is not right."), code="wrong_password")}
        )
    with transaction.atomic():
        for config in apps.get_app_configs():
            if config.name == "accounts":
                continue
            try:
                module = import_module(f"{config.name}.services")
            except ModuleNotFoundError:
                continue
            erase = getattr(module, "user_erase", None)
            if callable(erase):
                erase(user=user)
        for membership in list(Membership.objects.filter(user=user).select_related("organization")):
            _membership_remove(membership=membership, hand_over=True)
        Notification.objects.filter(recipient=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Profile.objects.filter(user=user).delete()
        old_avatar = user.avatar.name if user.avatar else ""
        if old_avatar:
            _delete_file_later(user.avatar.storage, old_avatar)
        user.email = f"deleted-{user.pk}{User.DELETED_EMAIL_SUFFIX}"  # RFC 2606: no mailbox
        user.first_name = ""
        user.last_name = ""
        user.phone = ""
        user.avatar = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.newsletter_opt_out = True
        user.set_unusable_password()
        user.save()


@transaction.atomic
def profile_update(
    *,
    user: User,
    user_data: dict,
    profile_data: dict,
    skill_names: Iterable[str] | None = (),
    organizations: Iterable[Organization] | None = None,
    avatar: ContentFile | None = None,
    remove_avatar: bool = False,
) -> User:
    """Save what a user tells about themselves on /profile/ (only ever their own).

    `skill_names=None` and `organizations=None` leave those as they are (the API's
    account endpoint changes only the account fields).
    """
    user_fields = {"first_name", "last_name", "phone", "newsletter_opt_out", "language"}
    if "language" in user_data:
        language = _supported_language(user_data["language"])
        if language is None:
            raise ValidationError(
                {"language": _("Choose one of the site's languages.")}, code="invalid_language"
            )
        user_data = {**user_data, "language": language}
    profile_fields = set(Profile.EDITABLE_FIELDS)
    for key, value in user_data.items():
        if key in user_fields:
            setattr(user, key, value)
    update_fields = sorted(user_fields & set(user_data))

    old_avatar = user.avatar.name if user.avatar else ""
    if avatar is not None:
        upload_save(
            owner=user, file=user.avatar, content=avatar, kind=Upload.Kind.AVATAR, check=False
        )
        update_fields.append("avatar")
        _delete_file_later(user.avatar.storage, old_avatar)
    elif remove_avatar and old_avatar:
        storage = user.avatar.storage
        user.avatar = ""
        update_fields.append("avatar")
        _delete_file_later(storage, old_avatar)
    if update_fields:
        user.save(update_fields=update_fields)

    profile, _created = Profile.objects.get_or_create(user=user)
    for key, value in profile_data.items():
        if key in profile_fields:
            setattr(profile, key, value)
    profile.save()
    if skill_names is not None:
        profile.skills.set(skills_resolve(names=list(skill_names)[:SKILLS_MAX]))

    if organizations is not None:
        chosen = {org.pk: org for org in organizations}
        current = {m.organization_id: m for m in user.memberships.select_related("organization")}
        for org_id, membership in current.items():
            if org_id not in chosen:
                try:
                    _membership_remove(membership=membership)
                except ValidationError as error:
                    raise ValidationError({"organizations": error.messages}) from None
        # Ticking an organization asks to join it: an owner decides.
        for pk, org in chosen.items():
            if pk not in current:
                organization_join(organization=org, user=user)
        MembershipRequest.objects.filter(user=user).exclude(organization__in=list(chosen)).delete()
    return user


# ---- Organizations


def organization_create(
    *, name: str, description: str = "", website: str = "", created_by: User
) -> Organization:
    """Create an organization; its creator becomes its owner."""
    name = " ".join(name.split())
    if organization_name_taken(name=name):
        raise ValidationError(
            {"name": _("An organization with this name already exists.")}, code="unique"
        )
    try:
        with transaction.atomic():
            organization = Organization.objects.create(
                name=name, description=description, website=website, created_by=created_by
            )
            Membership.objects.create(
                organization=organization, user=created_by, role=Membership.Role.OWNER
            )
    except IntegrityError:
        # Someone created the same name between our check and the insert.
        raise ValidationError(
            {"name": _("An organization with this name already exists.")}, code="unique"
        ) from None
    return organization


@transaction.atomic
def organization_join(*, organization: Organization, user: User) -> MembershipRequest | None:
    """Ask to join: a request its owners approve (asking twice changes nothing). Returns
    None for a member. The owners are notified; an organization without owners is
    handled by the staff (the admin)."""
    if Membership.objects.filter(organization=organization, user=user).exists():
        return None
    join_request, created = MembershipRequest.objects.get_or_create(
        organization=organization, user=user
    )
    if created:
        owners = User.objects.filter(
            memberships__organization=organization,
            memberships__role=Membership.Role.OWNER,
            is_active=True,
        )
        for owner in owners:
            with recipient_language(owner):
                notification_create(
                    recipient=owner,
                    message=_("%(person)s asks to join “%(organization)s”.")
                    % {
                        "person": user.get_full_name() or user.email,
                        "organization": organization.name,
                    },
                    link=organization.get_absolute_url() + "#join-requests",
                )
    return join_request


@transaction.atomic
def organization_request_decide(
    *, join_request: MembershipRequest, by: User, approve: bool
) -> Membership | None:
    """An owner (or staff) approves a request to join (the user becomes a member) or
    declines it; the user is told either way."""
    organization = join_request.organization
    if (
        not by.is_staff
        and not Membership.objects.filter(
            organization=organization, user=by, role=Membership.Role.OWNER
        ).exists()
    ):
        raise PermissionDenied(_("Only the organization's owners decide on requests to join."))
    deleted, _rows = MembershipRequest.objects.filter(pk=join_request.pk).delete()
    if not deleted:
        return None  # another owner decided first
    membership = None
    if approve:
        membership, _created = Membership.objects.get_or_create(
            organization=organization, user=join_request.user
        )
    with recipient_language(join_request.user):
        message = (
            _("You are now a member of “%(organization)s”.")
            if approve
            else _("Your request to join “%(organization)s” was declined.")
        )
        notification_create(
            recipient=join_request.user,
            message=message % {"organization": organization.name},
            link=organization.get_absolute_url(),
        )
    return membership


@transaction.atomic
def organization_leave(*, organization: Organization, user: User) -> bool:
    """Leave the organization (or withdraw one's request to join); returns whether there
    was anything to leave. The last owner cannot leave while others are members."""
    withdrawn, _rows = MembershipRequest.objects.filter(
        organization=organization, user=user
    ).delete()
    membership = Membership.objects.filter(organization=organization, user=user).first()
    if membership is None:
        return bool(withdrawn)
    _membership_remove(membership=membership)
    return True


def organization_update(
    *,
    organization: Organization,
    name: str,
    description: str = "",
    website: str = "",
    by: User | None = None,
) -> Organization:
    """Change an organization's name, description and website (its owners and staff do).

    `by` is the member asking (refused with PermissionDenied unless they may manage it);
    None is the site itself (the admin, a script).
    """
    if by is not None and not permissions.can_manage_organization(by, organization):
        raise PermissionDenied(_("Only the organization's owners can change it."))
    name = " ".join(name.split())
    if organization_name_taken(name=name, exclude_pk=organization.pk):
        raise ValidationError(
            {"name": _("An organization with this name already exists.")}, code="unique"
        )
    organization.name = name
    organization.description = description
    organization.website = website
    try:
        with transaction.atomic():
            organization.save(update_fields=["name", "description", "website"])
    except IntegrityError:
        # Someone took the same name between our check and the update.
        raise ValidationError(
            {"name": _("An organization with this name already exists.")}, code="unique"
        ) from None
    return organization


def _organization_notify(*, membership: Membership, message: str) -> None:
    """Tell a member, in their language, what an owner did to their membership."""
    with recipient_language(membership.user):
        text = message % {"organization": membership.organization.name}
        notification_create(
            recipient=membership.user,
            message=text,
            link=membership.organization.get_absolute_url(),
        )


@transaction.atomic
def organization_member_remove(*, membership: Membership, by: User) -> None:
    """An owner (or staff) removes a member; the last owner cannot be removed.

    Raises ValidationError for the last owner (by anyone: that rule is checked first, under
    the lock) and PermissionDenied for someone who may not manage the members. The owner
    rows are locked first (on
    PostgreSQL), so two owners removing each other at once cannot both succeed.
    """
    organization = membership.organization
    owners = list(
        organization.memberships.select_for_update()
        .filter(role=Membership.Role.OWNER)
        .values_list("pk", flat=True)
    )
    if membership.pk in owners:
        membership.role = Membership.Role.OWNER
        if len(owners) == 1:
            raise ValidationError(
                _("The only owner cannot be removed. Make another member an owner first."),
                code="last_owner",
            )
    if not permissions.can_manage_organization(by, organization):
        raise PermissionDenied(_("Only the organization's owners can remove its members."))
    _membership_remove(membership=membership)
    if membership.user_id != by.pk:
        _organization_notify(
            membership=membership, message=_("You were removed from “%(organization)s”.")
        )


@transaction.atomic
def organization_member_make_owner(*, membership: Membership, by: User) -> bool:
    """Make a member an owner too (an owner or staff does); returns whether it changed."""
    if not permissions.can_manage_organization(by, membership.organization):
        raise PermissionDenied(_("Only the organization's owners can name new owners."))
    changed = (
        Membership.objects.filter(pk=membership.pk)
        .exclude(role=Membership.Role.OWNER)
        .update(role=Membership.Role.OWNER)
    )
    membership.role = Membership.Role.OWNER
    if changed and membership.user_id != by.pk:
        _organization_notify(
            membership=membership, message=_("You are now an owner of “%(organization)s”.")
        )
    return bool(changed)


# ---- Administration


def users_set_active(*, users, active: bool, by: User | None = None) -> int:
    """Activate or deactivate users (admin bulk action); nobody deactivates themselves."""
    if not active and by is not None:
        users = users.exclude(pk=by.pk)
    return users.exclude(is_active=active).update(is_active=active)


def forget_unread_count(user_id: int) -> None:
    """The user's notifications changed: the bell counts again (now and after commit, as a
    reader may have cached the old count meanwhile)."""
    from django.core.cache import cache
    from django.db import transaction

    cache.delete(unread_count_key(user_id))
    transaction.on_commit(lambda: cache.delete(unread_count_key(user_id)))
