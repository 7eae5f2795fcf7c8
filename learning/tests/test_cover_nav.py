"""The course cover goes through the site's one image pipeline (checked like avatars,
re-encoded, a random name), and the Teaching section is reachable at every width."""

import re

import pytest
from django.urls import reverse
from PIL import Image

from accounts.tests.images import image_bytes, png_claiming, upload
from learning.models import Course

pytestmark = pytest.mark.django_db

COURSE = {"title": "SQL с нуля", "summary": "Запросы и индексы", "level": "beginner"}


def test_course_cover_upload_is_checked_and_renamed(client, teacher):
    client.force_login(teacher)
    photo = upload(image_bytes(size=(3000, 2000)), name="../../etc/обложка.png")
    response = client.post(reverse("learning:course_create"), {**COURSE, "cover": photo})
    assert response.status_code == 302
    course = Course.objects.get()
    name = course.cover.name.rsplit("/", 1)[-1]
    assert re.fullmatch(r"[a-zA-Z0-9]{24}\.(jpg|png)", name), name
    with Image.open(course.cover.path) as image:
        assert max(image.size) <= 2000  # fitted into the cover box, not stored as sent
    page = client.get(course.get_absolute_url()).content.decode()
    assert course.cover.url in page
    catalog = client.get(reverse("learning:course_list")).content.decode()
    assert course.cover.url in catalog


@pytest.mark.parametrize(
    "data,name",
    [
        (b"<?php echo 'not an image'; ?>", "cover.png"),
        (png_claiming(60000, 60000), "bomb.png"),
    ],
)
def test_bad_cover_is_a_form_error_and_nothing_is_saved(client, teacher, data, name):
    client.force_login(teacher)
    response = client.post(
        reverse("learning:course_create"), {**COURSE, "cover": upload(data, name=name)}
    )
    assert response.status_code == 200
    assert "cover" in response.context["form"].errors
    assert not Course.objects.exists()


def test_editing_keeps_the_cover_unless_a_new_one_is_sent(client, teacher):
    client.force_login(teacher)
    client.post(
        reverse("learning:course_create"), {**COURSE, "cover": upload(image_bytes(size=(800, 450)))}
    )
    course = Course.objects.get()
    first = course.cover.name
    edit = reverse("learning:course_update", args=[course.pk])
    assert client.post(edit, {**COURSE, "title": "SQL для всех"}).status_code == 302
    course.refresh_from_db()
    assert course.cover.name == first and course.title == "SQL для всех"


def test_teaching_is_in_the_account_menu_and_the_more_menu(client, teacher, student):
    """Teaching is in the top bar's "More" menu (from lg), the account menu (from lg) and
    the phone menu (below lg): reachable at every width."""
    client.force_login(teacher)
    html = client.get("/courses/").content.decode()
    assert re.search(r'href="/teaching/"[^>]*data-nav-role', html)  # the account menu
    more = html[html.index('id="nav-more"') :]
    assert 'href="/teaching/"' in more[: more.index("</details>")]
    assert html.count('href="/teaching/"') >= 3  # more menu, account menu, phone menu
    assert 'href="/my/courses/"' in html
    client.force_login(student)
    assert 'href="/teaching/"' not in client.get("/courses/").content.decode()
