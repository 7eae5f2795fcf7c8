"""Rich text is sanitized at the model boundary: no path stores unsanitized HTML."""

import datetime

import pytest
from django.apps import apps
from django.core import serializers
from django.urls import reverse

from accounts.tests.factories import UserFactory
from board.models import Ad, Newsletter
from board.tests.factories import AdFactory, NewsletterFactory
from internships.models import Posting
from internships.tests.factories import PostingFactory
from site_config.richtext import SanitizedHTMLField

pytestmark = pytest.mark.django_db

XSS = (
    '<p>ok</p><script>alert(1)</script><img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">x</a>'
)
FACTORIES = {Ad: AdFactory, Newsletter: NewsletterFactory, Posting: PostingFactory}


def rich_text_fields():
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, SanitizedHTMLField)
    ]


def assert_clean(value: str):
    lowered = value.lower()
    for needle in ("<script", "onerror", "javascript:"):
        assert needle not in lowered, value
    assert "<p>ok</p>" in value


def test_the_known_rich_text_fields_are_sanitized_fields():
    assert {(Ad, "body"), (Newsletter, "body"), (Posting, "description")} <= set(rich_text_fields())


@pytest.mark.parametrize(
    "model_field", rich_text_fields(), ids=lambda mf: f"{mf[0].__name__}.{mf[1]}"
)
def test_every_rich_text_field_stores_only_clean_html_whatever_the_path(model_field):
    model, name = model_field
    factory = FACTORIES[model]
    # The shell: save()
    obj = factory(**{name: XSS})
    obj.refresh_from_db()
    assert_clean(getattr(obj, name))
    # The shell: QuerySet.update()
    model.objects.filter(pk=obj.pk).update(**{name: XSS})
    assert_clean(model.objects.values_list(name, flat=True).get(pk=obj.pk))
    # A fixture (loaddata saves raw, without pre_save)
    setattr(obj, name, XSS)
    data = serializers.serialize("json", [obj])
    for loaded in serializers.deserialize("json", data):
        loaded.save()
    assert_clean(model.objects.values_list(name, flat=True).get(pk=obj.pk))


def test_the_posting_admin_stores_clean_html(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    posting = PostingFactory()
    client.force_login(admin)
    change = reverse("admin:internships_posting_change", args=[posting.pk])
    form = client.get(change).context["adminform"].form
    data = {}
    for field_name, field in form.fields.items():
        value = form.initial.get(field_name, field.initial)
        if value is None:
            continue
        if callable(value):
            value = value()
        if isinstance(value, datetime.datetime):
            data[f"{field_name}_0"] = value.date().isoformat()
            data[f"{field_name}_1"] = value.time().strftime("%H:%M:%S")
        elif hasattr(value, "all"):
            data[field_name] = [v.pk for v in value.all()]
        elif isinstance(value, list):
            data[field_name] = [getattr(v, "pk", v) for v in value]
        else:
            data[field_name] = getattr(value, "pk", value)
    data["description"] = XSS
    data = {k: v for k, v in data.items() if v not in (False,)}
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    posting.refresh_from_db()
    assert_clean(posting.description)
    page = client.get(posting.get_absolute_url()).content.decode()
    assert "alert(1)" not in page and "onerror" not in page


def test_the_ad_form_stores_clean_html(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("board:ad_create"), {"title": "Ищу гильдию", "category": "tanks", "body": XSS}
    )
    assert response.status_code == 302
    assert_clean(Ad.objects.get(title="Ищу гильдию").body)
