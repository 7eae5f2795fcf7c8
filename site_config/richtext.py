"""Rich text shared by every app: the nh3 allow-list sanitizer, TinyMCE, image uploads.

User-written HTML is cleaned when it is saved (`sanitize_html`) and the stored, clean HTML
is rendered with `|safe`. Only tags and attributes on the lists below survive; iframes
survive only when they embed a video from YouTube, VK or Rutube.
"""

from __future__ import annotations

import html
import re
import secrets
from io import BytesIO
from urllib.parse import unquote, urlsplit

import nh3
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps, UnidentifiedImageError
from tinymce.widgets import TinyMCE

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span",
    "h2", "h3", "h4", "blockquote", "pre", "code", "ul", "ol", "li",
    "a", "img", "figure", "figcaption", "iframe", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
# Video embeds allowed in iframes: host -> path prefixes of the embed player.
EMBED_HOSTS = {
    "www.youtube.com": ("/embed/",),
    "youtube.com": ("/embed/",),
    "www.youtube-nocookie.com": ("/embed/",),
    "vk.com": ("/video_ext.php",),
    "vkvideo.ru": ("/video_ext.php",),
    "rutube.ru": ("/play/embed/",),
}
_DIMENSION = re.compile(r"^\d{1,4}%?$")


def is_allowed_embed(url: str) -> bool:
    parts = urlsplit(url)
    prefixes = EMBED_HOSTS.get((parts.hostname or "").lower())
    # Browsers resolve dot segments (also percent-encoded) and backslashes in the path:
    # "/embed/../x" loads "/x", which the allow-list does not mean to allow.
    path = unquote(parts.path)
    if ".." in path or "\\" in path:
        return False
    return parts.scheme == "https" and bool(prefixes) and parts.path.startswith(prefixes)


def _is_safe_image_src(url: str) -> bool:
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url.startswith(settings.MEDIA_URL)  # our own uploads
    return parts.scheme in {"http", "https"}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "iframe" and attribute == "src":
        return value if is_allowed_embed(value) else None
    if tag == "img" and attribute == "src":
        return value if _is_safe_image_src(value) else None
    if attribute in {"width", "height"}:
        return value if _DIMENSION.match(value) else None
    if attribute in {"colspan", "rowspan"}:
        return value if value.isdigit() else None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
_BLOCK_END = re.compile(r"<(?:br|hr|/p|/h\d|/li|/div|/blockquote|/tr|/td|/th)\b[^>]*>", re.I)
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>", re.IGNORECASE)


def sanitize_html(value: str) -> str:
    """Clean user HTML with the allow-list; iframes without an allowed src are dropped."""
    if not value:
        return ""
    cleaned = _cleaner.clean(value)
    # An iframe whose src was refused keeps no src; drop the empty frame entirely.
    return _EMPTY_IFRAME.sub("", cleaned).strip()


def html_to_text(value: str, words: int | None = None) -> str:
    """Plain text of an HTML fragment (for teasers, mails and search)."""
    spaced = _BLOCK_END.sub(" ", value or "")  # "</p><p>" must not glue words together
    text = nh3.clean(spaced, tags=set())
    text = html.unescape(re.sub(r"\s+", " ", text)).strip()
    return Truncator(text).words(words, truncate="…") if words else text


class RichTextField(forms.CharField):
    """A form field edited with TinyMCE whose value is sanitized on clean."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", RichTextWidget())
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        cleaned = sanitize_html(value)
        has_media = "<img" in cleaned or "<iframe" in cleaned
        if self.required and not html_to_text(cleaned) and not has_media:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


class RichTextWidget(TinyMCE):
    """TinyMCE with uploads to our image endpoint (the CSRF token goes with each upload)."""

    def __init__(self, attrs=None, mce_attrs=None):
        mce = {
            "images_upload_url": "/uploads/images/",
            "images_upload_handler": "guildhallImageUpload",
            "automatic_uploads": True,
            "images_file_types": "jpg,jpeg,png,gif,webp",
            "media_alt_source": False,
            "media_poster": False,
            **(mce_attrs or {}),
        }
        super().__init__(attrs=attrs, mce_attrs=mce)

    @property
    def media(self):
        return super().media + forms.Media(js=["js/tinymce-upload.js"])


# ---- Image uploads (TinyMCE and other editors)

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
MAX_IMAGE_SIDE = 1600
_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


class ImageRejected(ValueError):
    """An upload that is not an image we accept; the message is for the user."""


def image_normalize(upload, *, max_side: int = MAX_IMAGE_SIDE) -> tuple[bytes, str]:
    """Check that an upload is a real image of sane size and re-encode it.

    Re-encoding drops metadata and anything hidden after the image data. Returns the
    new bytes and the file extension. Raises ImageRejected with a translated message.
    """
    if upload.size > MAX_IMAGE_BYTES:
        raise ImageRejected(_("The image is too large (at most 5 MB)."))
    try:
        with Image.open(upload) as probe:
            width, height = probe.size
            image_format = probe.format
            if width * height > MAX_IMAGE_PIXELS:
                raise ImageRejected(_("The image has too many pixels."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if image_format not in _FORMATS:
                raise ImageRejected(_("Upload a JPEG, PNG, GIF or WebP image."))
            image.thumbnail((max_side, max_side))
            out = BytesIO()
            if image_format == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            elif image_format == "GIF":
                image.save(out, "GIF")
            elif image_format == "WEBP":
                image.save(out, "WEBP", quality=85)
            else:
                image.save(out, "PNG", optimize=True)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(_("The image has too many pixels.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(_("The file is not a valid image.")) from exc
    return out.getvalue(), _FORMATS[image_format]


def random_name(length: int = 24) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def image_store(*, upload, folder: str = "uploads") -> str:
    """Validate, re-encode and store an uploaded image under a random name; returns its URL."""
    data, ext = image_normalize(upload)
    path = f"{folder}/{timezone.now():%Y/%m}/{random_name()}.{ext}"
    saved = default_storage.save(path, ContentFile(data))
    return default_storage.url(saved)


@login_required
@require_POST
def image_upload(request):
    """TinyMCE's image upload endpoint: JSON `{"location": url}` or a 400 with a message."""
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": {"message": _("No file was sent.")}}, status=400)
    try:
        url = image_store(upload=upload)
    except ImageRejected as exc:
        return JsonResponse({"error": {"message": str(exc)}}, status=400)
    return JsonResponse({"location": url})
