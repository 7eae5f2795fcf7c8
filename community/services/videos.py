"""Videos: uploads (type checked from the content), links to YouTube/VK/Rutube turned into
embeds through the site's allow-list, likes, views and comments."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from community import permissions
from community.models import Video, VideoComment, VideoCommentLike, VideoLike, VideoView
from community.services.common import (
    DUPLICATE_SECONDS,
    Comments,
    clean_title,
    like_set,
    view_register,
)
from site_config.models import Upload
from site_config.richtext import is_allowed_embed
from site_config.uploads import upload_allow, upload_delete_later, upload_save

MAX_MB = 200
MAX_VIDEO_BYTES = MAX_MB * 1024 * 1024
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VK_ID = re.compile(r"^video(-?\d+)_(\d+)$")
_RUTUBE_ID = re.compile(r"^[0-9a-f]{32}$")


def video_link_parse(url: str) -> tuple[str, str]:
    """(embed address, thumbnail) for a YouTube, VK Video or Rutube link.

    The embed address is built by us from the video's id, then checked against the
    site's embed allow-list (site_config.richtext), so nothing else can be framed.
    """
    url = (url or "").strip()
    invalid = ValidationError(
        {"link": _("Paste a link to a video on YouTube, VK Video or Rutube.")}, code="bad_link"
    )
    if len(url) > 500:
        raise invalid
    try:
        parts = urlsplit(url)
    except ValueError:
        raise invalid from None
    if parts.scheme not in {"http", "https"}:
        raise invalid
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.rstrip("/")
    query = parse_qs(parts.query)
    embed = thumb = ""
    if host in {"youtube.com", "youtube-nocookie.com", "youtu.be", "music.youtube.com"}:
        video_id = ""
        if host == "youtu.be":
            video_id = path.lstrip("/")
        elif path == "/watch":
            video_id = (query.get("v") or [""])[0]
        else:
            match = re.match(r"^/(?:embed|shorts|live|v)/([^/]+)$", path)
            video_id = match.group(1) if match else ""
        if _YOUTUBE_ID.match(video_id):
            embed = f"https://www.youtube.com/embed/{video_id}"
            thumb = f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"
    elif host in {"vk.com", "vkvideo.ru", "vk.ru"}:
        oid = vid = ""
        if path == "/video_ext.php":
            oid, vid = (query.get("oid") or [""])[0], (query.get("id") or [""])[0]
        else:
            candidate = path.rsplit("/", 1)[-1]
            z = (query.get("z") or [""])[0].split("/")[0]
            match = _VK_ID.match(candidate) or _VK_ID.match(z)
            if match:
                oid, vid = match.groups()
        if re.match(r"^-?\d+$", oid) and vid.isdigit():
            embed = "https://vk.com/video_ext.php?" + urlencode({"oid": oid, "id": vid, "hd": 2})
    elif host == "rutube.ru":
        match = re.match(r"^/(?:video|play/embed|shorts)/([0-9a-f]{32})$", path)
        if match and _RUTUBE_ID.match(match.group(1)):
            embed = f"https://rutube.ru/play/embed/{match.group(1)}"
    if not embed or not is_allowed_embed(embed):
        raise invalid
    return embed, thumb


def video_file_type(upload) -> str:
    """ "video/mp4" or "video/webm" judged from the file's first bytes (not its name);
    ValidationError for anything else or a file over the size cap."""
    size = getattr(upload, "size", 0) or 0
    if size > MAX_VIDEO_BYTES:
        raise ValidationError(
            {"file": _("The video is too large: at most %(mb)s MB.") % {"mb": MAX_MB}}
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    # ISO base media (MP4): a box size, then "ftyp" and a brand; WebM: the EBML magic and
    # the "webm" doc type near the start.
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand not in {b"qt  "}:  # QuickTime .mov is not played by every browser
            return "video/mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head:
        return "video/webm"
    raise ValidationError({"file": _("Upload an MP4 or WebM video.")}, code="bad_video")


@transaction.atomic
def video_create(
    *,
    uploader: User,
    title: str,
    description: str = "",
    file=None,
    link: str = "",
    poster: ContentFile | None = None,
) -> Video:
    """Share a video: an uploaded file or a link (exactly one of them)."""
    if not permissions.is_member(uploader):
        raise PermissionDenied(_("Log in to share videos."))
    title = clean_title(title, max_length=Video._meta.get_field("title").max_length)
    description = (description or "").replace("\x00", "").strip()[:5000]
    if bool(file) == bool(link and link.strip()):
        raise ValidationError(_("Upload a video file or paste a link — one of the two."))
    video = Video(uploader=uploader, title=title, description=description)
    # One check for both files: a poster refused after the video was stored would leave it.
    if file or poster is not None:
        upload_allow(
            user=uploader,
            size=(file.size if file else 0) + (poster.size if poster is not None else 0),
            field="file" if file else "poster",
        )
    if file:
        video.content_type = video_file_type(file)
        extension = "webm" if video.content_type == "video/webm" else "mp4"
        from site_config.images import random_name

        file.name = random_name(extension)
        upload_save(
            owner=uploader, file=video.file, content=file, kind=Upload.Kind.VIDEO, check=False
        )
    else:
        video.embed_url, video.thumbnail_url = video_link_parse(link)
        video.source_url = link.strip()
        since = timezone.now() - timedelta(seconds=DUPLICATE_SECONDS)
        twin = Video.objects.filter(
            uploader=uploader, embed_url=video.embed_url, created__gte=since
        ).first()
        if twin is not None:
            return twin
    if poster is not None:
        upload_save(
            owner=uploader,
            file=video.poster,
            content=poster,
            kind=Upload.Kind.VIDEO_POSTER,
            check=False,
        )
    video.save()
    return video


@transaction.atomic
def video_update(
    *,
    video: Video,
    by: User,
    title: str,
    description: str = "",
    poster: ContentFile | None = None,
) -> Video:
    if not permissions.can_edit_video(by, video):
        raise PermissionDenied(_("Only the uploader can edit this video."))
    video.title = clean_title(title, max_length=Video._meta.get_field("title").max_length)
    video.description = (description or "").replace("\x00", "").strip()[:5000]
    if poster is not None:
        old = video.poster.name if video.poster else ""
        upload_save(
            owner=video.uploader,
            file=video.poster,
            content=poster,
            kind=Upload.Kind.VIDEO_POSTER,
            field="poster",
        )
        upload_delete_later(name=old, storage=video.poster.storage)
    video.save()
    return video


@transaction.atomic
def video_delete(*, video: Video, by: User) -> None:
    if not permissions.can_edit_video(by, video):
        raise PermissionDenied(_("Only the uploader can delete this video."))
    for field in (video.file, video.poster):
        if field:
            upload_delete_later(name=field.name, storage=field.storage)
    video.delete()


def video_like(*, video: Video, user: User, on: bool | None = None) -> bool:
    if video.is_hidden:
        raise PermissionDenied(_("Hidden videos cannot be liked."))
    return like_set(obj=video, user=user, on=on, like_model=VideoLike, parent_field="video")


def video_register_view(*, video: Video, visitor: str, pk: int | None = None) -> bool:
    """One view per visitor per day; hidden videos count nothing. `video` may be lazy with
    its `pk` given: read only when the view counts."""
    return view_register(
        view_model=VideoView,
        parent=video,
        pk=pk,
        parent_field="video",
        visitor=visitor,
        counts=lambda video: not video.is_hidden,
    )


COMMENTS = Comments(
    model=VideoComment,
    parent_field="video",
    may_comment=permissions.can_comment_video,
    may_edit=permissions.can_edit_video_comment,
    refusal=lambda: _("You cannot comment on this video."),
)


def video_comment_create(*, video: Video, author: User, text: str) -> VideoComment:
    return COMMENTS.create(parent=video, author=author, text=text)


def video_comment_update(*, comment: VideoComment, by: User, text: str) -> VideoComment:
    return COMMENTS.update(comment=comment, by=by, text=text)


def video_comment_delete(*, comment: VideoComment, by: User) -> None:
    COMMENTS.delete(comment=comment, by=by)


def video_comment_like(*, comment: VideoComment, user: User, on: bool | None = None) -> bool:
    if comment.is_hidden:
        raise PermissionDenied(_("Hidden comments cannot be liked."))
    return like_set(
        obj=comment, user=user, on=on, like_model=VideoCommentLike, parent_field="comment"
    )


def video_comment_set_hidden(*, comment: VideoComment, hidden: bool) -> None:
    COMMENTS.set_hidden(comment=comment, hidden=hidden)
