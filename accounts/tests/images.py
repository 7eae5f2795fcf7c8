"""Image files for the avatar tests, made with Pillow (and one forged by hand)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(size=(1000, 600), image_format="PNG", mode="RGB", color=(200, 60, 90), **save):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=image_format, **save)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose header claims width x height pixels.

    Pillow reads the size from the IHDR chunk before decoding anything, which is what
    a decompression bomb abuses: the file is a few bytes, the pixels would be gigabytes.
    """
    data = bytearray(image_bytes(size=(1, 1), mode="1", color=0))
    # PNG signature (8 bytes), then the IHDR chunk: length (4), type (4), data (13), CRC (4).
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF
    data[29:33] = struct.pack(">I", crc)
    return bytes(data)
