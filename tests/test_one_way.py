"""One way to do each thing (docs/conventions.md), checked: these tests fail when code
slips back into a second way — an app conftest, a per-app field template or widget-class
mixin, `require_GET`, hand-written htmx headers, an app importing another app, a selector
that writes, presentation in models or selectors…"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["accounts", "board", "internships", "learning", "community"]
PACKAGES = [*APPS, "site_config"]
TEMPLATES = ROOT / "templates"


@cache
def sources(*, tests: bool = False) -> tuple[Path, ...]:
    """The project's Python modules (not the venv), without tests and migrations unless
    asked for tests."""
    files = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts:
                continue
            if ("tests" in parts) != tests:
                continue
            files.append(path)
    return tuple(files)


@cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def string_constants(path: Path):
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node


# ---- Tests


def test_one_conftest_for_the_whole_project():
    conftests = {
        rel(path)
        for path in ROOT.rglob("conftest.py")
        if not {".venv", "node_modules", "var"} & set(path.relative_to(ROOT).parts)
    }
    # The browser helpers are the only other one (they import Playwright and axe).
    assert conftests == {"conftest.py", "tests/e2e/conftest.py"}


def test_the_root_conftest_defines_each_fixture_once():
    names = [
        node.name for node in tree(ROOT / "conftest.py").body if isinstance(node, ast.FunctionDef)
    ]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_browser_journeys_live_in_tests_e2e():
    playwright_users = {
        rel(path)
        for path in (*sources(tests=True), *sorted((ROOT / "tests").rglob("*.py")))
        if any(
            m.split(".")[0] in {"playwright", "axe_playwright_python"}
            for m in imported_modules(path)
        )
        and "e2e" not in path.relative_to(ROOT).parts
    }
    assert playwright_users == set()


# ---- Forms: crispy with templates/tailwind/, nothing else


def test_field_templates_exist_only_for_crispy():
    field_templates = {
        rel(path) for path in TEMPLATES.rglob("*.html") if re.search(r"field", path.name)
    }
    allowed_prefixes = ("templates/tailwind/",)
    # allauth's element templates are its own hooks; fields.html hands forms to crispy.
    allauth_hooks = {
        "templates/allauth/elements/field.html",
        "templates/allauth/elements/fields.html",
    }
    stray = {
        name for name in field_templates - allauth_hooks if not name.startswith(allowed_prefixes)
    }
    assert stray == set()
    assert "|crispy" in (TEMPLATES / "allauth/elements/fields.html").read_text()
    for gone in ("field.html", "fields.html", "form_errors.html"):
        assert not (TEMPLATES / "account" / "snippets" / gone).exists()


def test_allauth_pages_do_not_hand_build_their_fields():
    for path in sorted((TEMPLATES / "account").glob("*.html")):
        text = path.read_text()
        assert "html_name" not in text, rel(path)
        assert "account/snippets/field" not in text, rel(path)


# A field built by hand in a template: its value, name or id read off a bound form.
HAND_BUILT_FIELD = re.compile(r"\{\{\s*\w*form\w*\.\w+\.(?:value|html_name|id_for_label)\b")


def test_templates_do_not_hand_build_form_fields():
    offenders = {
        rel(path)
        for path in TEMPLATES.rglob("*.html")
        if not rel(path).startswith("templates/tailwind/")
        and HAND_BUILT_FIELD.search(path.read_text())
    }
    # Placeholders, rows and the ids that scripts rely on belong in the form's widget attrs.
    assert offenders == set(), "render these fields with |as_crispy_field"


# A field drawn by hand: a textarea, a select, or an input a user types into or ticks.
HAND_DRAWN = re.compile(
    r"<(?:textarea|select)\b|<input\b[^>]*\btype=\"(?:text|number|radio|checkbox|email|url|"
    r"password|tel|date|datetime-local|time|file)\"",
    re.IGNORECASE,
)
FORM_OPEN = re.compile(r"<form\b[^>]*>", re.IGNORECASE)

# Hand-drawn fields that stay, and why. GET filter bars (below) are allowed anywhere.
HAND_DRAWN_EXCEPTIONS = {
    # allauth's element hook draws its own fields; allauth pages reach crispy through
    # allauth/elements/fields.html.
    "templates/allauth/elements/field.html": "allauth's field element",
    # allauth's email page: one radio per address, built from allauth's `emailaddress_radios`.
    "templates/account/email.html": "allauth's address radios",
    # A secret to copy, shown read-only (no name: it never posts).
    "templates/mfa/totp/activate_form.html": "read-only secret",
    # Chosen and found people as checkboxes under a live search: the list changes with each
    # search and is posted by the chat forms' ModelMultipleChoiceField (MembersField).
    "templates/community/_member_picker.html": "live member search results",
}


def enclosing_form_method(text: str, position: int) -> str | None:
    """The method of the <form> around `position` in the same file ("get" by default),
    None when the field is in a partial that a form includes."""
    before = text[:position]
    opened = list(FORM_OPEN.finditer(before))
    if not opened or opened[-1].start() < before.lower().rfind("</form>"):
        return None
    method = re.search(r"""\bmethod=["']?(\w+)""", opened[-1].group(0), re.IGNORECASE)
    return method.group(1).lower() if method else "get"


def test_post_forms_draw_no_field_by_hand():
    """A POST form's textarea, select or typed input is a Django form field rendered with
    `|as_crispy_field` (ids, rows, placeholders in the widget's attrs); GET filter bars and
    the exceptions above may draw theirs."""
    offenders = set()
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = rel(path)
        if name.startswith("templates/tailwind/") or name in HAND_DRAWN_EXCEPTIONS:
            continue
        text = path.read_text()
        for match in HAND_DRAWN.finditer(text):
            if enclosing_form_method(text, match.start()) != "get":
                line = text.count("\n", 0, match.start()) + 1
                offenders.add(f"{name}:{line} {match.group(0)}")
    assert offenders == set(), "render these with |as_crispy_field"


def test_hand_drawn_exceptions_are_still_needed():
    """An exception whose template no longer draws a field by hand is taken off the list."""
    stale = {
        name
        for name in HAND_DRAWN_EXCEPTIONS
        if not (ROOT / name).exists() or not HAND_DRAWN.search((ROOT / name).read_text())
    }
    assert stale == set()


def test_the_converted_fields_stay_converted():
    """Issue 11's last hand-built POST fields: each is its form's field now."""
    converted = {
        "templates/learning/_comments.html": "{% comment_text_field comment_form %}",
        "templates/learning/course_detail.html": "{% lesson_position_field lesson ",
        "templates/community/thread_detail.html": "move_form.forum|as_crispy_field",
        "templates/community/_chat_message.html": "{% message_edit_field message %}",
        "templates/community/_report.html": "{% report_fields kind target report_form %}",
        "templates/internships/_application_status.html": "status_form.status|as_crispy_field",
        "templates/learning/quiz_detail.html": "{{ field|as_crispy_field }}",
    }
    for name, use in converted.items():
        assert use in (ROOT / name).read_text(), name


def test_no_widget_class_mixins():
    offenders = []
    for path in sources():
        text = path.read_text()
        if "StyledFormMixin" in text or re.search(r"class \w*Styled\w*\(", text):
            offenders.append(rel(path))
        in_forms = path.name == "forms.py" or "forms" in path.relative_to(ROOT).parts
        # A widget's CSS class set in Python: the look belongs in templates/tailwind/.
        if in_forms and re.search(r"""attrs\[["']class["']\]|["']class["']\s*:""", text):
            offenders.append(rel(path))
    assert offenders == []


def test_crispy_is_the_template_pack():
    assert settings.CRISPY_TEMPLATE_PACK == "tailwind"
    assert "crispy_tailwind" in settings.INSTALLED_APPS


# ---- Views and HTMX


def test_pages_use_require_safe_never_require_GET():
    offenders = [rel(path) for path in sources() if "require_GET" in imported_names(path)]
    assert offenders == []


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
    return names


HTMX_HEADER = re.compile(
    r"^(HX-(Trigger|Trigger-After-Settle|Trigger-After-Swap|Redirect|Refresh|Retarget|"
    r"Reswap|Reselect|Push-Url|Replace-Url|Location|Request|Boosted|Target|Current-URL)|"
    r"HTTP_HX_\w+)$",
    re.IGNORECASE,
)


def test_htmx_headers_come_from_site_config_htmx():
    """Apps use django-htmx through site_config.htmx (`request.htmx`, trigger_client_event,
    HttpResponseStopPolling, vary_on_htmx…), never header names by hand."""
    offenders = [
        f"{rel(path)}:{node.lineno} {node.value}"
        for path in sources()
        if path.relative_to(ROOT).parts[0] != "site_config"
        for node in string_constants(path)
        if HTMX_HEADER.match(node.value)
    ]
    assert offenders == []


def test_no_hand_written_stop_polling_status():
    offenders = []
    for path in sources():
        if path.relative_to(ROOT).parts[0] == "site_config":
            continue
        for node in ast.walk(tree(path)):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "status"
                and isinstance(node.value, ast.Constant)
                and node.value.value == 286
            ):
                offenders.append(f"{rel(path)}:{node.value.lineno}")
    assert offenders == []


@pytest.mark.parametrize(
    "name, home",
    [
        ("Paginator", "site_config/pagination.py"),
        ("url_has_allowed_host_and_scheme", "site_config/http.py"),
        ("HttpResponseForbidden", None),
    ],
)
def test_site_wide_helpers_are_written_once(name, home):
    users = {rel(path) for path in sources() if name in imported_names(path)}
    assert users <= ({home} if home else set())


def test_one_image_pipeline():
    """Uploads are opened by site_config.images only (demo data may draw pictures)."""
    openers = set()
    for path in sources():
        for node in ast.walk(tree(path)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "open"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "Image"
            ):
                openers.add(rel(path))
    assert openers == {"site_config/images.py"}


# ---- Apps: accounts and site_config are shared, the others stay apart


@pytest.mark.parametrize("app", APPS)
def test_apps_import_only_accounts_and_site_config(app):
    others = set(APPS) - {app, "accounts"}
    if app == "accounts":
        others = set(APPS) - {"accounts"}
    offenders = sorted(
        f"{rel(path)}: {module}"
        for path in sources()
        if path.relative_to(ROOT).parts[0] == app
        for module in imported_modules(path)
        if module.split(".")[0] in others
    )
    assert offenders == []


def test_site_wide_pieces_live_in_site_config():
    assert not (ROOT / "accounts" / "context_processors.py").exists()
    assert not (ROOT / "accounts" / "management" / "commands" / "seed_demo.py").exists()
    assert not list((ROOT / "accounts" / "templatetags").glob("[!_]*.py"))
    assert "site_config.context_processors.site" in str(settings.TEMPLATES)
    assert (ROOT / "site_config" / "management" / "commands" / "seed_demo.py").exists()


@pytest.mark.parametrize("app", APPS)
def test_each_app_has_its_permissions_and_demo_module(app):
    assert (ROOT / app / "permissions.py").exists()
    assert (ROOT / app / "demo.py").exists()


def test_services_refuse_with_permission_denied():
    """A refusal is PermissionDenied (the 403), not a ValidationError coded "forbidden"."""
    offenders = [
        f"{rel(path)}:{node.lineno}"
        for path in sources()
        for node in ast.walk(tree(path))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) == "ValidationError"
        and any(
            keyword.arg == "code"
            and isinstance(keyword.value, ast.Constant)
            and keyword.value.value == "forbidden"
            for keyword in node.keywords
        )
    ]
    assert offenders == []


WRITES = {"save", "delete", "create", "get_or_create", "update_or_create", "bulk_create"}


@pytest.mark.parametrize("app", APPS)
def test_selectors_never_write(app):
    path = ROOT / app / "selectors.py"
    if not path.exists():
        pytest.skip(f"{app} has no selectors")
    writes = [
        f"{node.func.attr} at line {node.lineno}"
        for node in ast.walk(tree(path))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITES
    ]
    assert writes == []


TAILWIND = re.compile(
    r"\b(?:bg|text|ring|border|fill|stroke)-(?:slate|gray|brand|rose|red|emerald|green|amber|"
    r"yellow|sky|blue|indigo)-\d{2,3}\b"
)


@pytest.mark.parametrize("module", ["models.py", "selectors.py", "services.py"])
def test_no_tailwind_classes_in_models_selectors_or_services(module):
    offenders = [
        f"{app}/{module}:{node.lineno}"
        for app in APPS
        if (ROOT / app / module).exists()
        for node in string_constants(ROOT / app / module)
        if TAILWIND.search(node.value)
    ]
    assert offenders == []


def test_no_hand_written_querystring_tag():
    """Links change one query parameter with Django's own `{% querystring %}`."""
    from django.template import engines

    own = set()
    for name, library in engines["django"].engine.template_libraries.items():
        for tag, function in (*library.tags.items(), *library.filters.items()):
            module = getattr(function, "__module__", "") or ""
            if module.split(".")[0] in PACKAGES and re.search(
                r"query|url_replace|param_replace", tag
            ):
                own.add(f"{name}.{tag}")
    assert own == set()


def test_url_fields_assume_https():
    assert settings.FORMS_URLFIELD_ASSUME_HTTPS is True


def test_conventions_name_each_need_once():
    text = (ROOT / "docs" / "conventions.md").read_text()
    needs = [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ")]
    needs = [need for need in needs if need not in {"need", "---"}]
    assert len(needs) == len(set(needs)), sorted({n for n in needs if needs.count(n) > 1})


# ---- The tooling: fast tests, one lint target that CI runs


def test_tests_hash_passwords_fast():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_make_lint_runs_every_check_and_ci_runs_it():
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile[makefile.index("\nlint:") :].split("\n\n")[0]
    for check in (
        "ruff check .",
        "ruff format --check .",
        "djlint templates --lint",
        "makemigrations --check --dry-run",
        "css-check",
    ):
        assert check in lint, check
    assert "make lint" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("app", ["board", "internships", "learning", "community"])
def test_apps_reach_the_home_page_and_admin_panel_through_the_registry(app):
    from site_config import registry

    templates = {section.template for section in registry.home_sections()}
    assert any(template.startswith(f"{app}/") for template in templates), app
    home_view = (ROOT / "site_config" / "views.py").read_text()
    assert f"from {app}" not in home_view and f"import {app}" not in home_view
