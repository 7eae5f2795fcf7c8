"""Rich text shared by every app: the nh3 allow-list sanitizer, TinyMCE, image uploads.

User-written HTML is cleaned when it is saved (`sanitize_html`) and the stored, clean HTML
is rendered with `|safe`. Only tags and attributes on the lists below survive; iframes
survive only when they embed a video from YouTube, VK or Rutube.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

import nh3
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.http import JsonResponse
from django.templatetags.static import static
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from tinymce.widgets import TinyMCE

from site_config.http import error_text
from site_config.images import EDITOR_BOX, image_prepare
from site_config.models import Upload
from site_config.uploads import (
    EDITOR_FOLDER,
    QUOTA_CODE,
    RATE_CODE,
    upload_allow,
    upload_store,
)

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


_MEDIA_PATH = re.compile(r"^[A-Za-z0-9_\-][A-Za-z0-9_\-./]*$")


def _is_safe_image_src(url: str) -> bool:
    """Only our own uploads: a remote image would tell its host who reads the page (and is
    mixed content on http); the CSP's img-src allows only the site and its media.

    `/media/../x`, `/media/a/%2e%2e/b` and friends are refused: browsers resolve them to
    paths outside the uploads.
    """
    media = settings.MEDIA_URL
    if not url.startswith(media):
        return False
    rest = unquote(url[len(media) :])
    if "?" in rest or "#" in rest or "\\" in rest or "//" in rest:
        return False
    if any(part in {"", ".", ".."} for part in rest.split("/")):
        return False
    return bool(_MEDIA_PATH.match(rest))


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
_EMPTY_IMG = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
_UNTITLED_IFRAME = re.compile(
    r'<iframe(?![^>]*\stitle=)([^>]*\ssrc="([^"]*)"[^>]*)>', re.IGNORECASE
)


def _title_iframe(match: re.Match) -> str:
    # A frame needs an accessible name (WCAG 4.1.2); TinyMCE's media dialog sets none.
    host = (urlsplit(html.unescape(match.group(2))).hostname or "").removeprefix("www.")
    title = html.escape(_("Video from %(site)s") % {"site": host}, quote=True)
    return f'<iframe title="{title}"{match.group(1)}>'


def sanitize_html(value: str) -> str:
    """Clean user HTML with the allow-list; iframes without an allowed src are dropped."""
    if not value:
        return ""
    cleaned = _cleaner.clean(value)
    # An iframe whose src was refused keeps no src; drop the empty frame entirely.
    cleaned = _EMPTY_IMG.sub("", _EMPTY_IFRAME.sub("", cleaned))
    return _UNTITLED_IFRAME.sub(_title_iframe, cleaned).strip()


class SanitizedHTMLField(models.TextField):
    """A model field for user HTML: whatever path stores it (a form, the admin, the API,
    the shell, `update()`, a fixture), the database only ever gets `sanitize_html`'s output.
    """

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The admin (and any ModelForm that does not declare the field) edits it in TinyMCE.
        return super().formfield(
            **{"form_class": RichTextField, "widget": RichTextWidget, **kwargs}
        )

    def get_prep_value(self, value):
        # Also runs for QuerySet.update(), bulk_create() and raw fixture loading, which
        # skip pre_save().
        value = super().get_prep_value(value)
        return sanitize_html(value) if isinstance(value, str) else value


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

    def get_mce_config(self, attrs):
        config = super().get_mce_config(attrs)
        # The site's skin (oxide in the brand colours) and a corrected Russian pack, both
        # vendored by scripts/tinymce_assets.py; see static/vendor/tinymce/README.md.
        config.setdefault("skin_url", f"{settings.STATIC_URL}vendor/tinymce/skins/ui/guildhall")
        if config.get("language") == "ru":
            config["language_url"] = static("vendor/tinymce/langs/ru.js")
        return config

    @property
    def media(self):
        return super().media + forms.Media(js=["js/tinymce-upload.js"])


# ---- Image uploads (TinyMCE and other editors)


def image_store(*, upload, owner=None, folder: str = EDITOR_FOLDER) -> str:
    """Check, re-encode and store an uploaded image under a random name, within the owner's
    quota and upload rate (site_config.uploads); returns its URL."""
    upload_allow(user=owner, quota=False)  # the rate counts before anything is decoded
    image = image_prepare(upload=upload, box=EDITOR_BOX, keep_png=True)
    upload_allow(user=owner, size=image.size, rate=False)
    saved = upload_store(
        owner=owner,
        content=image,
        folder=f"{folder}/{timezone.now():%Y/%m}",
        kind=Upload.Kind.EDITOR_IMAGE,
        check=False,
    )
    return default_storage.url(saved)


# A full quota is "too large" (413), too many uploads "too many requests" (429).
_UPLOAD_STATUS = {QUOTA_CODE: 413, RATE_CODE: 429}


@login_required
@require_POST
def image_upload(request):
    """TinyMCE's image upload endpoint: JSON `{"location": url}` or a 4xx with a message."""
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": {"message": _("No file was sent.")}}, status=400)
    try:
        url = image_store(upload=upload, owner=request.user)
    except ValidationError as exc:
        status = next(
            (_UPLOAD_STATUS[e.code] for e in exc.error_list if e.code in _UPLOAD_STATUS), 400
        )
        return JsonResponse({"error": {"message": error_text(exc)}}, status=status)
    return JsonResponse({"location": url})
