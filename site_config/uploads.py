"""Every file a user stores goes through here: a quota, a rate limit, a record, a cleanup.

- `upload_allow(user=, size=)` refuses an upload over the owner's quota
  (`UPLOAD_QUOTA_MB`, code `upload_quota`) or faster than `UPLOAD_RATE_LIMIT` files per
  `UPLOAD_RATE_WINDOW` seconds (code `rate_limited`) with a translated ValidationError,
  ready for a form field; the API answers them with 413 and 429.
- `upload_save(...)` (into a model's file field) and `upload_store(...)` (a plain file in
  the storage: editor images, held avatars) check, store and record; `upload_record`
  records a file stored some other way. Each stored file is one `site_config.Upload` row.
- `upload_delete_later(name=)` deletes a file and its record once the transaction commits.
- `uploads_cleanup()` (hourly, `site_config.tasks`) deletes uploads older than
  `UPLOAD_ORPHAN_HOURS` that no content references; apps say which fields reference
  uploads with `site_config.registry.register_upload_references(...)` in `ready()`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from site_config.models import Upload
from site_config.ratelimit import rate_limit_hit
from site_config.registry import upload_references

QUOTA_CODE = "upload_quota"
RATE_CODE = "rate_limited"
# Folders of files stored outside model file fields (see `upload_store`).
EDITOR_FOLDER = "uploads"
AVATAR_HOLD_FOLDER = "avatars/held"
_CHUNK = 200


def quota_bytes() -> int:
    return int(settings.UPLOAD_QUOTA_MB) * 1024 * 1024


def upload_usage(user) -> int:
    """Bytes the user's recorded uploads take."""
    return Upload.objects.filter(owner_id=user.pk).aggregate(total=Sum("size"))["total"] or 0


def _refuse(message: str, code: str, field: str | None) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def upload_allow(
    *, user, size: int = 0, field: str | None = None, quota: bool = True, rate: bool = True
) -> None:
    """Refuse a file of `size` bytes that would take the user over the quota, or that comes
    too soon after the last ones; `field` names the form field the error belongs to.

    Images count toward the rate before they are decoded (`quota=False`: decoding is the
    expensive part) and toward the quota once re-encoded (`rate=False`: their real size).
    """
    if user is None or not getattr(user, "pk", None):
        return  # the shell, fixtures and the admin's own saves have no uploader
    used = upload_usage(user) if quota else 0
    if quota and used + (size or 0) > quota_bytes():
        raise _refuse(
            _(
                "Your upload space is full: %(used)s of %(quota)s MB used. Delete files you "
                "no longer need (old posts, covers, materials) and try again."
            )
            % {
                "used": number_format(used / 1024 / 1024, decimal_pos=1),
                "quota": settings.UPLOAD_QUOTA_MB,
            },
            QUOTA_CODE,
            field,
        )
    if rate and rate_limit_hit(
        f"upload:{user.pk}",
        limit=int(settings.UPLOAD_RATE_LIMIT),
        window=int(settings.UPLOAD_RATE_WINDOW),
    ):
        raise _refuse(
            _("You are uploading files too fast. Wait a minute and try again."), RATE_CODE, field
        )


def upload_record(*, owner, name: str, kind: str, size: int | None = None) -> Upload:
    """Record a stored file (again: the same name updates its record)."""
    if size is None:
        try:
            size = default_storage.size(name)
        except OSError:
            size = 0
    upload, _created = Upload.objects.update_or_create(
        name=name, defaults={"owner_id": getattr(owner, "pk", owner), "size": size, "kind": kind}
    )
    return upload


def upload_save(
    *, owner, file, content, kind: str, field: str | None = None, check: bool = True
) -> str:
    """Check (unless the form already did), save `content` into a model's file field
    (`instance.cover`; the instance is saved by the caller) and record it."""
    if check:
        upload_allow(user=owner, size=content.size, field=field)
    name = getattr(content, "name", None) or "file"
    file.save(name.rsplit("/", 1)[-1], content, save=False)
    upload_record(owner=owner, name=file.name, kind=kind, size=content.size)
    return file.name


def upload_store(
    *, owner, content, folder: str, kind: str, field: str | None = None, check: bool = True
) -> str:
    """Check, save `content` in the default storage under `folder` and record it; returns
    the stored name."""
    if check:
        upload_allow(user=owner, size=content.size, field=field)
    name = default_storage.save(f"{folder}/{content.name.rsplit('/', 1)[-1]}", content)
    upload_record(owner=owner, name=name, kind=kind, size=content.size)
    return name


def _delete_now(storage, name: str) -> None:
    storage.delete(name)
    Upload.objects.filter(name=name).delete()


def upload_delete_later(*, name: str, storage=None) -> None:
    """Delete a stored file and its record once the transaction that dropped it commits."""
    if name:
        storage = storage or default_storage
        transaction.on_commit(lambda: _delete_now(storage, name))


# ---- What references uploads


def _reference_fields():
    """(model, field name, is a file field, owner lookup) for every registered field."""
    for ref in upload_references():
        model = apps.get_model(ref.model)
        for name in ref.fields:
            field = model._meta.get_field(name)
            yield model, name, isinstance(field, models.FileField), ref.owner


def referenced_names() -> set[str]:
    """Every stored name some content references: a file field holding it, or a text whose
    HTML points at it (`<img src="/media/uploads/…">`). One query per registered field,
    however many uploads there are; texts without a media link are not even read."""
    media = settings.MEDIA_URL
    in_text = re.compile(re.escape(media) + r"([\w\-./]+)")
    found: set[str] = set()
    for model, field, is_file, _owner in _reference_fields():
        manager = model._base_manager
        if is_file:
            rows = manager.exclude(**{field: ""}).values_list(field, flat=True)
            found.update(rows.iterator())
            continue
        texts = manager.filter(**{f"{field}__contains": media}).values_list(field, flat=True)
        for text in texts.iterator():
            found.update(in_text.findall(text or ""))
    return found


def referenced(names: Iterable[str]) -> set[str]:
    """Which of these stored names some content references."""
    return set(names) & referenced_names()


def uploads_cleanup(*, older_than: dt.timedelta | None = None) -> int:
    """Delete the uploads older than `UPLOAD_ORPHAN_HOURS` that no content references (and
    their files); returns how many went."""
    if older_than is None:
        older_than = dt.timedelta(hours=int(settings.UPLOAD_ORPHAN_HOURS))
    cutoff = timezone.now() - older_than
    candidates = Upload.objects.filter(created__lt=cutoff)
    if not candidates.exists():
        return 0
    keep = referenced_names()
    deleted = 0
    last_id = 0
    while True:
        batch = list(
            candidates.filter(pk__gt=last_id).order_by("pk").values_list("pk", "name")[:_CHUNK]
        )
        if not batch:
            return deleted
        last_id = batch[-1][0]
        gone = [(pk, name) for pk, name in batch if name not in keep]
        for _pk, name in gone:
            default_storage.delete(name)
        if gone:
            Upload.objects.filter(pk__in=[pk for pk, _name in gone]).delete()
        deleted += len(gone)


# ---- Files stored before uploads were recorded

_KIND_OF_FOLDER = {
    EDITOR_FOLDER: Upload.Kind.EDITOR_IMAGE,
    AVATAR_HOLD_FOLDER: Upload.Kind.AVATAR_HELD,
}
_KIND_OF_FIELD = {
    ("accounts.user", "avatar"): Upload.Kind.AVATAR,
    ("learning.course", "cover"): Upload.Kind.COURSE_COVER,
    ("learning.material", "file"): Upload.Kind.MATERIAL,
    ("learning.submission", "file"): Upload.Kind.SUBMISSION,
    ("community.blogpost", "cover"): Upload.Kind.POST_COVER,
    ("community.video", "file"): Upload.Kind.VIDEO,
    ("community.video", "poster"): Upload.Kind.VIDEO_POSTER,
}
_SAFE_NAME = re.compile(r"^[\w\-./]+$")


def _walk(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def uploads_adopt() -> int:
    """Record the stored files that have no record yet (files referenced by a registered
    file field, editor images, held avatars); returns how many were recorded."""
    known = set(Upload.objects.values_list("name", flat=True))
    added = 0
    for model, field, is_file, owner in _reference_fields():
        if not is_file:
            continue
        kind = _KIND_OF_FIELD.get((model._meta.label_lower, field), Upload.Kind.OTHER)
        columns = (field, owner) if owner else (field,)
        rows = model._base_manager.exclude(**{field: ""}).values_list(*columns).iterator()
        for row in rows:
            name, owner_id = row[0], (row[1] if owner else None)
            if name in known or not default_storage.exists(name):
                continue
            upload_record(owner=owner_id, name=name, kind=kind)
            known.add(name)
            added += 1
    for folder, kind in _KIND_OF_FOLDER.items():
        for name in _walk(default_storage, folder):
            if name in known or not _SAFE_NAME.match(name):
                continue
            upload = upload_record(owner=None, name=name, kind=kind)
            # Its age is the file's: an old unused image goes at the next cleanup.
            Upload.objects.filter(pk=upload.pk).update(
                created=default_storage.get_modified_time(name)
            )
            known.add(name)
            added += 1
    return added
