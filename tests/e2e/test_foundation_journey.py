"""The foundation in a real browser: sign up in Russian, confirm the emailed code, log out
and back in by email, upload an avatar on /profile/ and find it in the /users/ directory."""

import pytest
from allauth.account.models import EmailAddress
from PIL import Image, ImageDraw

from accounts.models import User
from tests.e2e.conftest import assert_accessible, code_from_mail, login, newest_mail, shoot

EMAIL = "olga.smirnova@example.com"
PASSWORD = "Samovar-and-blini-77"


def make_avatar(path):
    """A 480×360 PNG that looks like a picture (not one flat colour)."""
    image = Image.new("RGB", (480, 360), (79, 70, 229))
    draw = ImageDraw.Draw(image)
    for step in range(0, 360, 24):
        draw.rectangle([0, step, 480, step + 12], fill=(99 + step // 4, 102, 241))
    draw.ellipse([160, 100, 320, 260], fill=(253, 224, 71))
    image.save(path, "PNG")
    return path


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_signup_confirm_upload_avatar_and_appear_in_directory(
    live_server, new_page, screenshot_dir, tmp_path
):
    page = new_page(width=1280)
    base = live_server.url

    # ---- Sign up (the browser asks for Russian).
    page.goto(f"{base}/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "ru"
    form = page.locator("#signup-form")
    assert form.locator("input[name=password1]").is_visible()
    shoot(page, screenshot_dir, "foundation-signup")

    form.locator("input[name=role][value=teacher] + label").click()
    assert form.locator("input[name=role][value=teacher]").is_checked()
    form.locator("input[name=first_name]").fill("Ольга")
    form.locator("input[name=last_name]").fill("Смирнова")
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # ---- The code page; the code comes by mail.
    assert page.url == f"{base}/accounts/confirm-email/"
    assert EMAIL in page.locator("main").inner_text()
    shoot(page, screenshot_dir, "foundation-code")
    code = code_from_mail(newest_mail(to=EMAIL))
    page.fill("#code-form input[name=code]", code)
    with page.expect_navigation():
        page.click("#code-form button[type=submit]")

    user = User.objects.get(email=EMAIL)
    assert (user.first_name, user.last_name, user.role) == ("Ольга", "Смирнова", "teacher")
    assert EmailAddress.objects.get(user=user).verified
    assert page.url == f"{base}/"
    # Logged in: the header offers the account menu instead of "log in".
    assert page.locator("header a[href='/accounts/login/']").count() == 0
    assert_accessible(page)  # the home page, logged in

    # ---- Log out (a POST from the account menu) and log back in by email.
    menu = page.locator("header details[data-dropdown]")
    menu.locator("summary").click()
    with page.expect_navigation():
        menu.locator("form[action='/accounts/logout/'] button").click()
    assert page.locator("header a[href='/accounts/login/']").first.is_visible()
    page.goto(f"{base}/accounts/login/")
    shoot(page, screenshot_dir, "foundation-login")
    login(page, base, EMAIL.upper(), PASSWORD)
    assert page.url == f"{base}/"
    assert page.locator("header a[href='/accounts/login/']").count() == 0

    # ---- Upload an avatar on /profile/.
    page.goto(f"{base}/profile/")
    assert page.url == f"{base}/profile/"
    page.set_input_files("input[name=avatar]", str(make_avatar(tmp_path / "me.png")))
    profile_form = page.locator("main form[enctype='multipart/form-data']")
    with page.expect_navigation():
        profile_form.locator("button[type=submit]").last.click()
    assert page.url == f"{base}/profile/"
    user.refresh_from_db()
    assert user.avatar, "the avatar was not saved"
    assert page.locator(f"main img[src='{user.avatar.url}']").count() >= 1
    shoot(page, screenshot_dir, "foundation-profile")

    # ---- The directory shows the avatar.
    page.goto(f"{base}/users/")
    avatar = page.locator(f"main img[src='{user.avatar.url}']").first
    avatar.wait_for(state="visible")
    avatar.scroll_into_view_if_needed()
    loaded = avatar.evaluate("img => img.complete && img.naturalWidth > 0")
    assert loaded, f"{user.avatar.url} does not load"
    assert "Смирнова" in page.locator("main").inner_text()
    shoot(page, screenshot_dir, "foundation-users")
