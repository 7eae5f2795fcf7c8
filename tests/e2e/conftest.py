"""Helpers for browser journeys that every app's e2e tests may use.

    def test_something(live_server, new_page, screenshot_dir):
        page = new_page()                       # 1280×900, Russian locale
        login(page, live_server.url, user.email, PASSWORD)
        page.goto(live_server.url + "/board/")
        shoot(page, screenshot_dir, "board-list")   # board-list-390.png, board-list-1280.png

Every page a journey visits is checked with axe-core (WCAG 2.2 AA) at 390 px and 1280 px:
`shoot()` does it for each width it saves, `assert_accessible(page)` on its own for pages
that are not shot. Serious and critical violations fail the test, and so does a page that
scrolls sideways (document.documentElement.scrollWidth > innerWidth).

Mail sent by the live server (Huey runs immediately in tests) lands in
`django.core.mail.outbox`: `newest_mail(to=...)` waits for it, `code_from_mail` reads the
confirmation code out of allauth's code mail.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

WIDTHS = (390, 1280)

AXE = Axe()
# WCAG 2.0/2.1/2.2 A and AA rules, plus axe's best practices (landmarks, headings…).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}

# allauth's code looks like "GWBD-RLJD"; our code mail puts it alone on an indented line.
CODE_RE = re.compile(r"^ {4}([A-Z0-9]+(?:-[A-Z0-9]+)*)\s*$", re.MULTILINE)


@pytest.fixture
def new_page(browser, browser_context_args):
    """Open a page in a fresh browser context (own cookies) at the given viewport."""
    contexts = []

    def _new_page(width: int = 1280, height: int = 900, **context_args):
        context = browser.new_context(
            **{
                **browser_context_args,
                "viewport": {"width": width, "height": height},
                **context_args,
            }
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = AXE.run(page, options=AXE_OPTIONS)
    return [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


def sideways_overflow(page) -> int:
    """How many CSS pixels the page scrolls sideways (0: it fits the viewport)."""
    return page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def _check_width(page, width: int) -> None:
    overflow = sideways_overflow(page)
    assert overflow == 0, f"{page.url} scrolls sideways by {overflow} px at {width} px"
    violations = axe_violations(page)
    assert not violations, (
        f"accessibility violations on {page.url} at {width} px:\n{_describe(violations)}"
    )


def assert_accessible(page, widths: tuple[int, ...] = WIDTHS) -> None:
    """Fail on serious/critical axe-core violations of the current page at each width."""
    original = page.viewport_size or {"width": 1280, "height": 900}
    for width in widths:
        page.set_viewport_size({"width": width, "height": original["height"]})
        page.wait_for_timeout(100)  # let the layout settle after the resize
        _check_width(page, width)
    page.set_viewport_size(original)


def shoot(page, folder: str, name: str, widths: tuple[int, ...] = WIDTHS) -> list[str]:
    """Save full-page screenshots of the current page at each width (checking each with
    axe-core first); returns the paths."""
    original = page.viewport_size or {"width": 1280, "height": 900}
    paths = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": original["height"]})
        page.wait_for_timeout(150)  # let the layout settle after the resize
        path = os.path.join(folder, f"{name}-{width}.png")
        page.screenshot(path=path, full_page=True)
        paths.append(path)
        _check_width(page, width)
    page.set_viewport_size(original)
    return paths


def newest_mail(to: str | None = None, timeout: float = 10.0):
    """The newest mail (to `to`, if given), waiting for the live server to send it."""
    deadline = time.monotonic() + timeout
    while True:
        messages = [m for m in mail.outbox if to is None or to in m.to]
        if messages:
            return messages[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {to or 'anyone'} within {timeout} s")
        time.sleep(0.1)


def code_from_mail(message) -> str:
    match = CODE_RE.search(message.body)
    assert match, f"no confirmation code in the mail:\n{message.body}"
    return match.group(1)


def login(page, base_url: str, email: str, password: str) -> None:
    """Log in through the real login form and wait until the site has taken us in."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#login-form input[name=login]", email)
    page.fill("#login-form input[name=password]", password)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")
    assert "/accounts/login/" not in page.url, "login failed"
