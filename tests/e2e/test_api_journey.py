"""The API as a client and a developer meet it: the docs render from our static files, and
a client signs up, confirms the mailed code, logs in and posts an ad over HTTP."""

import os

import pytest

from tests.e2e.conftest import code_from_mail, newest_mail

EMAIL = "api.client@example.com"
PASSWORD = "Samovar-and-blini-77"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_docs_render_and_a_client_signs_up_and_posts(live_server, new_page, screenshot_dir):
    page = new_page()
    fetched = []  # what the browser actually loaded (the CSP blocks anything else)
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=60_000)
    # Swagger UI draws a long list (150+ operations) virtually: only what is near the
    # viewport is in the DOM. The groups come in the settings' TAGS order (auth first) and
    # the filter box brings any one of them up.
    assert page.locator(".swagger-ui .opblock-tag").first.inner_text().startswith("auth")
    search = page.locator(".swagger-ui .operation-filter-input")
    for name in ("board", "teaching", "chats", "videos"):
        search.fill(name)
        page.locator(f"#operations-tag-{name}").wait_for()
        assert page.locator(".swagger-ui .opblock-tag").count() == 1
    search.fill("")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(screenshot_dir, f"api-docs-{width}.png"), full_page=False)
    page.goto(f"{live_server.url}/api/redoc/")
    # Redoc renders the whole schema in a worker: slow on a busy machine.
    page.get_by_text("Guildhall API").first.wait_for(timeout=90_000)
    page.screenshot(path=os.path.join(screenshot_dir, "api-redoc-1280.png"), full_page=False)
    outside = [url for url in fetched if not url.startswith((live_server.url, "blob:", "data:"))]
    assert not outside, outside  # no CDN: everything came from our server

    api = page.request
    registered = api.post(
        f"{live_server.url}/api/auth/register/",
        data={
            "email": EMAIL,
            "password": PASSWORD,
            "first_name": "Ольга",
            "last_name": "Смирнова",
            "role": "student",
        },
    )
    assert registered.status == 201, registered.text()
    code = code_from_mail(newest_mail(to=EMAIL))
    refused = api.post(
        f"{live_server.url}/api/auth/login/", data={"email": EMAIL, "password": PASSWORD}
    )
    assert refused.status == 403 and refused.json()["error"]["code"] == "email_not_verified"
    tokens = api.post(
        f"{live_server.url}/api/auth/verify-email/", data={"email": EMAIL, "code": code}
    ).json()
    headers = {"Authorization": f"Bearer {tokens['access']}"}
    created = api.post(
        f"{live_server.url}/api/ads/",
        data={"title": "Ищу группу в рейд", "category": "healers", "body": "<p>Вторник</p>"},
        headers=headers,
    )
    assert created.status == 201, created.text()
    listed = api.get(f"{live_server.url}/api/ads/", headers=headers).json()
    assert listed["results"][0]["title"] == "Ищу группу в рейд"
    # The site shows what the API wrote.
    page.goto(f"{live_server.url}/board/ads/{created.json()['id']}/")
    page.get_by_role("heading", name="Ищу группу в рейд").wait_for()
