"""XSS payloads posted through the real create-ad view: none survive, stored or rendered."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from board import services
from board.models import Ad
from site_config.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, is_allowed_embed

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x OnErRoR=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">lead space</a>',
    '<a href="java\tscript:alert(1)">tab</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<iframe src="https://evil.example/embed/1"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>',
    '<iframe src="http://www.youtube.com/embed/x"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"><circle r="10"/></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
    "</table></mtext></math>",
    '<math href="javascript:alert(1)">click</math>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="width: expression(alert(1))">ie</div>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<details open ontoggle="alert(1)">x</details>',
    '<body onload="alert(1)">',
    '<input autofocus onfocus="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<img src="x" alt="x"onerror="alert(1)">',
    '"><script>alert(1)</script>',
    "<<script>script>alert(1)<</script>/script>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
]
URL_ATTRIBUTES = {"href", "src"}


class FragmentAudit(HTMLParser):
    """Collects every tag and attribute of the HTML inside one element (by id), or all."""

    def __init__(self, element_id: str | None = None):
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0 if element_id else 1
        self.found = element_id is None
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.depth:
            self.tags.append((tag, attributes))
            if tag not in {"br", "hr", "img"}:
                self.depth += 1
        elif self.element_id and attributes.get("id") == self.element_id:
            self.found = True
            self.depth = 1

    def handle_startendtag(self, tag, attrs):
        if self.depth:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if self.depth and tag not in {"br", "hr", "img"}:
            self.depth -= 1


def assert_harmless(html: str, element_id: str | None = None) -> None:
    audit = FragmentAudit(element_id)
    audit.feed(html)
    assert audit.found, "the fragment is missing"
    for tag, attributes in audit.tags:
        assert tag in ALLOWED_TAGS, f"<{tag}> survived"
        for name, value in attributes.items():
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            assert name in allowed, f"<{tag} {name}=…> survived"
            assert not name.startswith("on")
            if name in URL_ATTRIBUTES and value:
                value = value.strip()
                scheme = urlsplit(value).scheme.lower()
                assert "script" not in value.lower(), value
                if tag == "iframe":
                    assert is_allowed_embed(value), value
                elif tag == "img":
                    assert scheme in {"http", "https"} or value.startswith("/media/"), value
                else:
                    assert scheme in {"http", "https", "mailto", ""}, value
    lowered = html.lower()
    for needle in ("<script", "javascript:", "vbscript:", "onerror", "onload", "srcdoc"):
        if element_id is None:
            assert needle not in lowered, needle


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payload_posted_through_the_form_is_harmless_stored_and_rendered(
    client, author, payload
):
    client.force_login(author)
    body = f"<p>Ищу группу в подземелье</p>{payload}"
    response = client.post(
        reverse("board:ad_create"), {"title": "Ищу группу", "category": "dd", "body": body}
    )
    assert response.status_code == 302, response.content[:500]
    ad = Ad.objects.get()
    assert_harmless(ad.body)
    page = client.get(ad.get_absolute_url()).content.decode()
    assert_harmless(page, element_id="ad-body")
    # and on the list, whose teaser is plain text
    listing = client.get(reverse("board:ad_list")).content.decode()
    assert "<script>alert" not in listing and "onerror=" not in listing


def test_the_payload_battery_is_big_enough():
    assert len(PAYLOADS) >= 15


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_service_sanitizes_even_without_the_form(author, payload):
    ad = services.ad_create(author=author, title="Прямо", category="dd", body=f"<p>x</p>{payload}")
    assert_harmless(ad.body)


@pytest.mark.parametrize(
    "embed",
    [
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560" height="315"'
        " allowfullscreen></iframe>",
        '<iframe src="https://vk.com/video_ext.php?oid=-1&amp;id=2&amp;hash=abc"></iframe>',
        '<iframe src="https://rutube.ru/play/embed/0123456789abcdef"></iframe>',
    ],
)
def test_video_embeds_survive_stored_and_rendered(client, author, embed):
    client.force_login(author)
    client.post(
        reverse("board:ad_create"),
        {"title": "Гайд по рейду", "category": "questgivers", "body": f"<p>Смотрите</p>{embed}"},
    )
    ad = Ad.objects.get()
    src = embed.split('src="', 1)[1].split('"', 1)[0]
    assert f'src="{src}"' in ad.body
    page = client.get(ad.get_absolute_url()).content.decode()
    assert f'src="{src}"' in page
    assert ad.has_video


def test_formatting_links_lists_and_pictures_survive(client, author):
    client.force_login(author)
    body = (
        "<h2>Состав</h2><ul><li><strong>Танк</strong></li><li><em>Хил</em></li></ul>"
        '<p><a href="https://forum.example.com/raid">Форум</a></p>'
        '<img src="/media/uploads/2026/11/map.png" alt="Карта">'
    )
    client.post(reverse("board:ad_create"), {"title": "Рейд", "category": "tanks", "body": body})
    stored = Ad.objects.get().body
    for fragment in ("<h2>Состав</h2>", "<li><strong>Танк</strong></li>", "<em>Хил</em>",
                     'href="https://forum.example.com/raid"', 'rel="noopener noreferrer nofollow"',
                     'src="/media/uploads/2026/11/map.png"'):  # fmt: skip
        assert fragment in stored
