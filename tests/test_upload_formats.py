"""The upload allow-list holds before any decoding; MPO phone photos pass both paths."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import EpsImagePlugin, Image

from accounts.tests.factories import UserFactory
from site_config.images import image_prepare

EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    b"newpath 0 0 moveto 10 10 lineto stroke showpage\n%%EOF\n"
)


def mpo_bytes() -> bytes:
    first, second = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def test_an_eps_never_reaches_a_decoder(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("the PostScript decoder was reached")

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", boom)
    monkeypatch.setattr(EpsImagePlugin, "_accept", boom, raising=False)
    with pytest.raises(ValidationError):
        image_prepare(upload=SimpleUploadedFile("x.eps", EPS, "application/postscript"))


def test_an_mpo_phone_photo_is_accepted_as_jpeg():
    data = mpo_bytes()
    assert Image.open(io.BytesIO(data)).format == "MPO"
    prepared = image_prepare(upload=SimpleUploadedFile("photo.jpg", data, "image/jpeg"))
    assert prepared.name.endswith(".jpg")


@pytest.mark.django_db
def test_both_upload_paths_accept_mpo_and_refuse_eps(client):
    user = UserFactory()
    client.force_login(user)
    editor = reverse("image_upload") if _has("image_upload") else "/uploads/images/"
    ok = client.post(editor, {"file": SimpleUploadedFile("p.jpg", mpo_bytes(), "image/jpeg")})
    assert ok.status_code == 200 and ok.json()["location"].endswith(".jpg")
    bad = client.post(editor, {"file": SimpleUploadedFile("p.eps", EPS, "image/jpeg")})
    assert bad.status_code == 400

    from accounts import services

    avatar = services.avatar_prepare(upload=SimpleUploadedFile("a.jpg", mpo_bytes(), "image/jpeg"))
    assert avatar.name.endswith(".jpg")
    with pytest.raises(ValidationError):
        services.avatar_prepare(upload=SimpleUploadedFile("a.eps", EPS, "image/jpeg"))


def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True
