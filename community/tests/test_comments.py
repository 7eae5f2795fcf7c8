"""Blog and video comments are one piece of code (services.common.Comments and
views.comments.CommentArea): the same behaviour on both pages, checked once for each."""

import pytest
from django.urls import reverse

from community.models import BlogComment, BlogPost, Video, VideoComment
from community.tests.factories import BlogPostFactory, VideoFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}

AREAS = [
    ("blog", BlogPostFactory, BlogPost, BlogComment, "post"),
    ("video", VideoFactory, Video, VideoComment, "video"),
]


@pytest.mark.parametrize("area,factory,parent_model,model,field", AREAS)
def test_comments_behave_alike(
    client, member, other, staff, area, factory, parent_model, model, field
):
    parent = factory()
    create = reverse(f"community:{area}_comment_create", args=[parent.pk])
    assert client.post(create, {"text": "аноним"}).status_code == 302  # to the login
    client.force_login(member)
    # Bad input: the partial comes back with the error, nothing saved.
    assert client.post(create, {"text": "  "}, headers=HX).status_code == 422
    response = client.post(create, {"text": "Первый <b>!</b>"}, headers=HX)
    assert response.status_code == 200 and "commentAdded" in response["HX-Trigger"]
    assert "&lt;b&gt;" in response.content.decode()
    client.post(create, {"text": "Первый <b>!</b>"}, headers=HX)  # a double submit
    comment = model.objects.get()
    assert parent_model.objects.get(pk=parent.pk).comment_count == 1

    edit = reverse(f"community:{area}_comment_update", args=[comment.pk])
    delete = reverse(f"community:{area}_comment_delete", args=[comment.pk])
    client.force_login(other)
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"text": "чужое"}).status_code == 403
    assert client.post(delete).status_code == 403
    client.force_login(member)
    assert client.get(edit, headers=HX).status_code == 200
    assert client.post(edit, {"text": ""}, headers=HX).status_code == 422
    response = client.post(edit, {"text": "Исправлено"}, headers=HX)
    assert response.status_code == 200 and "Исправлено" in response.content.decode()
    assert client.post(edit, {"text": "Без JS"}).status_code == 302
    assert model.objects.get().text == "Без JS"
    client.force_login(staff)  # staff edit and delete anything
    response = client.post(delete, headers=HX)
    assert response.status_code == 200 and "commentDeleted" in response["HX-Trigger"]
    assert not model.objects.exists()
    assert parent_model.objects.get(pk=parent.pk).comment_count == 0
    assert client.post(delete).status_code == 404


@pytest.mark.parametrize("area,factory,parent_model,model,field", AREAS)
def test_no_comments_on_what_one_cannot_see(
    client, member, area, factory, parent_model, model, field
):
    hidden = factory(is_hidden=True)
    client.force_login(member)
    create = reverse(f"community:{area}_comment_create", args=[hidden.pk])
    assert client.post(create, {"text": "тайком"}).status_code == 404
    assert not model.objects.exists()
