"""The one image pipeline: avatars, editor images, course covers, video posters.

`image_prepare(upload=..., box=(w, h))` checks that an upload is a real JPEG, PNG, GIF or
WebP (phone photos saved as MPO count as JPEG) of sane size, decodes it with only those
decoders (no PostScript or other exotic formats ever reach their decoders:
https://pillow.readthedocs.io/en/stable/reference/Image.html#PIL.Image.open), applies the
EXIF rotation, shrinks it to fit the box and re-encodes it, which drops metadata and
anything hidden after the image data. The result has a random `[a-zA-Z0-9]{24}` name.
Refusals are `ValidationError`s with translated messages, ready for a form field.
"""

from __future__ import annotations

import io
import string
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from PIL import (  # noqa: F401 - imported to register the only decoders we allow
    GifImagePlugin,
    Image,
    ImageOps,
    JpegImagePlugin,
    MpoImagePlugin,  # registers the MPO variant the JPEG decoder hands over
    PngImagePlugin,
    WebPImagePlugin,
)

MAX_BYTES = 5 * 1024 * 1024
# Anything larger is refused before it is decoded: a small file that claims 30000x30000
# pixels (a "decompression bomb") cannot eat the RAM.
MAX_PIXELS = 25_000_000
# The JPEG decoder also opens multi-picture phone photos (Pillow reports them as "MPO").
DECODERS = ("JPEG", "PNG", "GIF", "WEBP")
AVATAR_BOX = (200, 200)
COVER_BOX = (1600, 1600)
EDITOR_BOX = (1600, 1600)


ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


class ImageUploadField(forms.FileField):
    """A form field for an image that `image_prepare` checks (in the form's `clean_<field>`).

    Not Django's `forms.ImageField`: that one opens every upload with all of Pillow's
    formats (EPS, PSD, ...) before our allow-list could refuse it.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", ACCEPT)
        return attrs


def random_name(extension: str, length: int = 24) -> str:
    """A random file name: nothing of the uploaded name reaches the disk or the page."""
    return f"{get_random_string(length, string.ascii_letters + string.digits)}.{extension}"


def _errors():
    return (
        ValidationError(_("Upload a valid image: PNG, JPEG, GIF or WebP."), code="invalid_image"),
        ValidationError(
            _("The image has too many pixels: at most 25 megapixels."), code="too_many_pixels"
        ),
    )


def image_prepare(
    *, upload, box: tuple[int, int] = EDITOR_BOX, keep_png: bool = False
) -> ContentFile:
    """A checked, re-encoded copy of an uploaded image that fits in `box`.

    Images with transparency stay PNG, and so do PNGs when `keep_png` (editor images:
    screenshots and drawings stay crisp); everything else (photos; the first frame of a
    GIF) becomes a JPEG.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_("The image is too large: at most 5 MB."), code="too_large")
    invalid, bomb = _errors()
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make it an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=DECODERS) as probe:
                source_format = probe.format
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise bomb
                probe.verify()
            # verify() leaves the image unusable: open it again to decode it.
            upload.seek(0)
            with Image.open(upload, formats=DECODERS) as image:
                image.seek(0)
                image = ImageOps.exif_transpose(image)
                image.thumbnail(box)
                has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
                    image.mode == "P" and "transparency" in image.info
                )
                if has_alpha:
                    image = image.convert("RGBA")
                    # A fully opaque alpha channel is just a photo: JPEG is smaller.
                    if image.getextrema()[3][0] == 255:
                        image, has_alpha = image.convert("RGB"), False
                else:
                    image = image.convert("RGB")
                buffer = io.BytesIO()
                if has_alpha or (keep_png and source_format == "PNG"):
                    image.save(buffer, format="PNG", optimize=True)
                    name = random_name("png")
                else:
                    image.save(buffer, format="JPEG", quality=86, optimize=True)
                    name = random_name("jpg")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except Exception:  # noqa: BLE001 - hostile files make Pillow raise all kinds of errors
        raise invalid from None
    return ContentFile(buffer.getvalue(), name=name)
