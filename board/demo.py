"""Demo data of the board for `manage.py seed_demo` (idempotent: get_or_create by title).

Ads in every category (some with a generated picture, some with a video), responses in
every state, and one newsletter that has been sent. Users come from the accounts seed.
"""

from __future__ import annotations

import random
from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageColor, ImageDraw

from accounts.models import User
from board import services
from board.models import Ad, Category, Newsletter, NewsletterDelivery, Response

VIDEO = (
    '<iframe src="https://www.youtube.com/embed/jNQXAC9IVRw" width="560" height="315" '
    'title="YouTube" allowfullscreen></iframe>'
)

# (category, title, body HTML, picture colours or None, with a video)
ADS = [
    (
        Category.TANKS,
        "Танк 70 уровня ищет статик на героические рейды",
        "<p>Страж в полном эпическом комплекте, <strong>уровень предметов 412</strong>. "
        "Знаю тактики всех боссов «Огненных Недр», умею держать двоих сразу.</p>"
        "<ul><li>Онлайн: будни с 20:00 до 23:00 МСК</li><li>Голос: Discord</li></ul>"
        "<p>Ищу спокойный коллектив без токсичности.</p>",
        ("#1e293b", "#64748b"),
        False,
    ),
    (
        Category.TANKS,
        "Нужен второй танк на «Цитадель Ледяного Трона»",
        "<p>Гильдия <em>«Северный Ветер»</em> собирает рейд на субботу, 19:00. "
        "Первый танк есть, нужен второй — желательно паладин или воин.</p>"
        "<p>Лут по ДКП, новичкам в рейде — приоритет на оружие.</p>",
        None,
        False,
    ),
    (
        Category.HEALERS,
        "Ищу хила в группу на ключи +15",
        "<p>Собираем постоянную пятёрку для эпохальных ключей. Есть танк, маг и два охотника. "
        "Нужен <strong>жрец или друид</strong>, который не боится аффиксов.</p>"
        "<p>Играем по вечерам, никаких требований к рейтингу — главное желание расти.</p>",
        ("#065f46", "#34d399"),
        False,
    ),
    (
        Category.HEALERS,
        "Шаман-лекарь предлагает помощь новичкам",
        "<p>Бесплатно проведу через первые подземелья и объясню, как не умирать от всего "
        "подряд. Лечу, подсказываю, делюсь аддонами.</p>"
        "<p>Пишите в ответах, когда вам удобно.</p>",
        None,
        True,
    ),
    (
        Category.DD,
        "Маг огня ищет гильдию для прогресса",
        "<p>Маг, 70 уровень, стабильно <strong>в топ-3 по урону</strong> в пабликах. "
        "Ищу гильдию с расписанием 2–3 раза в неделю.</p>"
        "<p>Логи Warcraft Logs покажу по запросу.</p>",
        ("#9f1239", "#fb7185"),
        False,
    ),
    (
        Category.DD,
        "Разбойник научит ротации за один вечер",
        "<p>Три года в топе по урону среди разбойников сервера. Разберу вашу ротацию, "
        "таланты и предметы, посмотрим записи боёв вместе.</p>"
        "<p>Гайд по базовой ротации прикладываю ниже.</p>",
        None,
        True,
    ),
    (
        Category.TRADERS,
        "Продаю мифриловые слитки оптом",
        "<p>Партия <strong>500 мифриловых слитков</strong>, цена договорная. "
        "Передача через аукцион или почту, как удобнее.</p>"
        "<p>Постоянным покупателям — скидка 10%.</p>",
        ("#92400e", "#fbbf24"),
        False,
    ),
    (
        Category.TRADERS,
        "Куплю редкого маунта «Пепельный дракон»",
        "<p>Коллекционирую ездовых животных. Готов заплатить золотом или обменять на "
        "редких питомцев из своей коллекции.</p>",
        None,
        False,
    ),
    (
        Category.GUILDMASTERS,
        "Гильдия «Орден Рассвета» набирает игроков",
        "<p>Мы — дружная гильдия с 2019 года. Рейды по средам и воскресеньям, "
        "еженедельные турниры, свой Discord и гильдейский банк.</p>"
        "<ol><li>Возраст 18+</li><li>Адекватность</li><li>Желание играть вместе</li></ol>",
        ("#4c1d95", "#a78bfa"),
        False,
    ),
    (
        Category.GUILDMASTERS,
        "Ищу офицера в молодую гильдию",
        "<p>Гильдии три месяца, 40 активных игроков. Нужен опытный офицер, который "
        "поможет с расписанием рейдов и приёмом новичков.</p>",
        None,
        False,
    ),
    (
        Category.QUESTGIVERS,
        "Помогу пройти цепочку «Тайна Старого Маяка»",
        "<p>Цепочка из 12 заданий с хитрыми головоломками. Прошёл её трижды, "
        "знаю все секреты и короткие пути.</p>"
        "<p>Смотрите прохождение в видео, а с вопросами — в ответы.</p>",
        ("#075985", "#38bdf8"),
        True,
    ),
    (
        Category.QUESTGIVERS,
        "Собираю группу на элитные задания Пустошей",
        "<p>Нужны ещё трое на вечер пятницы. Задания дают редкую репутацию и хорошее золото.</p>",
        None,
        False,
    ),
    (
        Category.BLACKSMITHS,
        "Скую оружие на заказ из ваших материалов",
        "<p>Кузнец-оружейник, <strong>максимальный уровень ремесла</strong>. "
        "Знаю все рецепты эпических мечей и топоров.</p>"
        "<p>Приносите материалы — работа бесплатно, чаевые приветствуются.</p>",
        ("#7c2d12", "#fb923c"),
        False,
    ),
    (
        Category.BLACKSMITHS,
        "Ищу кузнеца для крафта латных доспехов",
        "<p>Нужен полный комплект латных доспехов уровня 400+. Материалы мои, "
        "заплачу за работу.</p>",
        None,
        False,
    ),
    (
        Category.LEATHERWORKERS,
        "Кожевник делает сумки на 36 ячеек",
        "<p>Шью сумки <strong>на 36 ячеек</strong> — материалы можно свои или мои. "
        "Также делаю накладки на поножи.</p>",
        ("#713f12", "#facc15"),
        False,
    ),
    (
        Category.LEATHERWORKERS,
        "Куплю толстую кожу, много",
        "<p>Беру толстую кожу по рыночной цене в любом количестве. "
        "Пишите — договоримся о регулярных поставках.</p>",
        None,
        False,
    ),
    (
        Category.POTION_MAKERS,
        "Зелья и настойки перед рейдом — со скидкой",
        "<p>Алхимик со специализацией на настойках. В наличии зелья силы, "
        "интеллекта и защиты от огня.</p>"
        "<p>Для рейдовых гильдий — котлы по предзаказу.</p>",
        ("#365314", "#a3e635"),
        False,
    ),
    (
        Category.POTION_MAKERS,
        "Ищу зельевара для регулярных поставок",
        "<p>Гильдии нужно 40 настоек каждую неделю. Ищем надёжного алхимика "
        "на долгое сотрудничество.</p>",
        None,
        False,
    ),
    (
        Category.SPELLMASTERS,
        "Зачарую оружие и доспехи, все рецепты",
        "<p>Мастер заклинаний, собрал <strong>все редкие рецепты</strong> зачарований. "
        "Работаю каждый вечер у банка в столице.</p>",
        ("#312e81", "#818cf8"),
        False,
    ),
    (
        Category.SPELLMASTERS,
        "Научу основам зачарования с нуля",
        "<p>Расскажу, какие зачарования выгодны новичку и как быстрее прокачать навык. "
        "Короткий видеогайд — ниже.</p>",
        None,
        True,
    ),
]

RESPONSES = [
    "Привет! Мне очень подходит, готов начать уже на этой неделе.",
    "Есть опыт, могу показать логи. Когда удобно созвониться в Discord?",
    "Интересно! Пишу в личку в игре, ник такой же, как здесь.",
    "Подскажите, а какие требования по уровню предметов?",
    "Могу по вечерам после 21:00 МСК, если это не поздно.",
]

NEWSLETTER_SUBJECT = "Большое обновление сервера: сезон «Пепел драконов»"
NEWSLETTER_BODY = (
    "<h2>Новый сезон уже здесь!</h2>"
    "<p>Друзья, в пятницу стартует сезон <strong>«Пепел драконов»</strong>: новые рейды, "
    "переработанные профессии и сезонные награды.</p>"
    "<ul><li>Рейд «Логово Пепельной Матери» на 10 и 25 игроков</li>"
    "<li>Кузнецы и кожевники получают новые рецепты</li>"
    "<li>Доска объявлений: ищите группу и мастеров прямо на сайте</li></ul>"
    "<p>До встречи в игре!</p>"
)


def _mix(a: tuple, b: tuple, t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _picture(slug: str, colours: tuple[str, str]) -> str:
    """A small generated landscape (sky, moon, hills, a castle) in media; returns its URL."""
    path = f"uploads/demo/{slug}.png"
    if not default_storage.exists(path):
        width, height = 960, 540
        rng = random.Random(slug)  # the same picture for the same category every time
        top, bottom = (ImageColor.getrgb(colour) for colour in colours)
        image = Image.new("RGB", (width, height))
        draw = ImageDraw.Draw(image)
        for y in range(height):
            draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / height))
        for _ in range(70):
            x, y, r = rng.randrange(width), rng.randrange(height // 2), rng.choice((1, 1, 2))
            draw.ellipse([x - r, y - r, x + r, y + r], fill=_mix(bottom, (255, 255, 255), 0.8))
        mx, my = rng.randrange(width // 2, width - 120), rng.randrange(60, 160)
        draw.ellipse([mx - 46, my - 46, mx + 46, my + 46], fill=_mix(bottom, (255, 255, 255), 0.7))
        for layer, shade in enumerate((0.35, 0.55, 0.75)):
            base = height * (0.55 + 0.12 * layer)
            points = [(0, height)]
            for x in range(0, width + 80, 80):
                points.append((x, base - rng.randrange(20, 110 - 20 * layer)))
            points.append((width, height))
            draw.polygon(points, fill=_mix(top, (8, 8, 20), shade))
        # A castle on the nearest hill.
        cx, cy, dark = rng.randrange(120, width // 2), int(height * 0.72), (10, 10, 24)
        draw.rectangle([cx, cy - 70, cx + 120, cy + 40], fill=dark)
        for tx in (cx - 18, cx + 108):
            draw.rectangle([tx, cy - 110, tx + 30, cy + 40], fill=dark)
            draw.polygon([(tx - 6, cy - 110), (tx + 15, cy - 150), (tx + 36, cy - 110)], fill=dark)
        for wx in range(cx + 14, cx + 110, 24):
            draw.rectangle([wx, cy - 84, wx + 12, cy - 70], fill=dark)
        draw.rectangle([cx + 48, cy - 40, cx + 72, cy - 20], fill=(250, 204, 21))
        out = BytesIO()
        image.save(out, "PNG", optimize=True)
        path = default_storage.save(path, ContentFile(out.getvalue()))
    return default_storage.url(path)


def _ads(*, users: list[User], scale: int, now) -> list[Ad]:
    ads = []
    for round_no in range(scale):
        for index, (category, title, body, colours, video) in enumerate(ADS):
            full_title = title if round_no == 0 else f"{title} (#{round_no + 1})"
            ad = Ad.objects.filter(title=full_title).first()
            if ad is None:
                html = body
                if colours:
                    html += f'<p><img src="{_picture(category.value, colours)}" alt=""></p>'
                if video:
                    html += VIDEO
                author = users[(index + round_no) % len(users)]
                ad = services.ad_create(
                    author=author, title=full_title, category=category, body=html
                )
                # Spread the ads over the last weeks so the board looks lived in.
                hours = (round_no * len(ADS) + index) * 7 + 1
                ad.created = ad.updated = now - timedelta(hours=hours)
                # ...written once: "edited" would show on every demo ad otherwise.
                Ad.objects.filter(pk=ad.pk).update(created=ad.created, updated=ad.updated)
            ads.append(ad)
    return ads


def _responses(*, ads: list[Ad], users: list[User], now) -> int:
    created = 0
    for index, ad in enumerate(ads):
        others = [user for user in users if user.pk != ad.author_id]
        for offset in range(index % 4):
            author = others[(index + offset) % len(others)]
            status = Response.Status.ACCEPTED if offset == 1 else Response.Status.PENDING
            response, was_created = Response.objects.get_or_create(
                ad=ad,
                author=author,
                defaults={
                    "ad_author_id": ad.author_id,
                    "text": RESPONSES[(index + offset) % len(RESPONSES)],
                    "status": status,
                    "accepted_at": now if status == Response.Status.ACCEPTED else None,
                },
            )
            if was_created:
                # Responses come after their ad (hours later, never in the future).
                when = min(now, ad.created + timedelta(hours=offset + 1, minutes=17 * index))
                Response.objects.filter(pk=response.pk).update(
                    created=when,
                    accepted_at=min(now, when + timedelta(hours=2))
                    if status == Response.Status.ACCEPTED
                    else None,
                )
            created += was_created
    return created


def _newsletter(*, now) -> Newsletter:
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    newsletter, created = Newsletter.objects.get_or_create(
        subject=NEWSLETTER_SUBJECT,
        defaults={"body": NEWSLETTER_BODY, "created_by": staff, "state": Newsletter.State.SENT},
    )
    if created:
        recipients = list(services.newsletter_recipients().values_list("pk", flat=True))
        NewsletterDelivery.objects.bulk_create(
            [NewsletterDelivery(newsletter=newsletter, user_id=pk) for pk in recipients],
            ignore_conflicts=True,
        )
        count = NewsletterDelivery.objects.filter(newsletter=newsletter).count()
        Newsletter.objects.filter(pk=newsletter.pk).update(
            total_count=count,
            sent_count=count,
            created=now - timedelta(days=3),
            started_at=now - timedelta(days=2),
            sent_at=now - timedelta(days=2),
        )
    return newsletter


@transaction.atomic
def seed(*, scale: int, stdout) -> None:
    """Create the board's demo data (running it again changes nothing)."""
    now = timezone.now()
    users = list(
        User.objects.active()
        .filter(role__in=User.Role.values)
        .exclude(is_staff=True)
        .order_by("pk")[: 30 * max(scale, 1)]
    )
    if len(users) < 2:
        stdout.write("board: fewer than two users, no ads seeded (run the accounts seed first).")
        return
    ads = _ads(users=users, scale=max(scale, 1), now=now)
    responses = _responses(ads=ads, users=users, now=now)
    _newsletter(now=now)
    stdout.write(
        f"board: {Ad.objects.count()} ads, {Response.objects.count()} responses "
        f"({responses} new), {Newsletter.objects.count()} newsletter(s)."
    )
