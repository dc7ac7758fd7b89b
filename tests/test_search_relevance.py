"""Relevance of the unified search on the Ukrainian demo content, measured as mean reciprocal rank (MRR).

Every query is written in other inflections than the text it should find; some have typos, some are in
English, some use another apostrophe. The expected result is named by a part of its title; the query's
reciprocal rank is 1/position of the first result whose title contains it (0 when not in the top 10).
The MRR is printed at the end of the test run (see `pytest_terminal_summary` in conftest.py).
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from cop.search import service

from .conftest import make_user

# (query, part of the expected title, what the query exercises)
RELEVANCE_SET = [
    ("дистанційне засідання міської ради", "Дистанційні засідання міської ради", "inflection"),
    ("поіменного голосування онлайн", "Дистанційні засідання міської ради", "inflection"),
    ("гарячій лінії для людей старшого віку", "Гаряча лінія та волонтерська доставка", "inflection"),
    ("відкритим офісам", "«Відкриті офіси»: як Житомир", "inflection"),
    ("продуктової допомоги на карантині", "Продуктова допомога на карантині", "inflection"),
    ("санітарних протоколів на дільницях", "Санітарний протокол для виборчих дільниць", "inflection"),
    ("переселенцям змінити виборчу адресу", "«Мій голос — тут»", "inflection"),
    ("аудиту доступності дільниць", "Аудит доступності виборчих дільниць", "inflection"),
    ("дебатів кандидатів", "Молодіжні дебати кандидатів", "inflection"),
    ("квоти молодіжного бюджету", "Молодіжний бюджет участі", "inflection"),
    ("школи молодіжного лідерства", "Школа молодіжного лідерства", "inflection"),
    ("молодіжних просторів у бібліотеках", "Молодіжний простір у міській бібліотеці", "inflection"),
    ("стажуванням студентів", "Літнє стажування студентів", "inflection"),
    ("гендерного аналізу бюджетних програм", "Гендерний аналіз бюджетних програм", "inflection"),
    ("консультативної ради з рівних можливостей", "Консультативна рада з питань рівних можливостей", "inflection"),
    ("прогулянка безпеки", "«Прогулянки безпеки»", "inflection"),
    ("наставництва новообраних депутаток", "Наставництво для новообраних", "inflection"),
    ("підтримка жінок-переселенок", "Простір підтримки для жінок-переселенок", "inflection"),
    ("відкритого звіту в мікрорайонах", "Відкриті звіти виконавчих органів", "inflection"),
    ("мапою укриттів", "Відкрита мапа укриттів", "inflection"),
    ("виїзних засіданнях виконавчого комітету", "Виїзні засідання виконавчого комітету", "inflection"),
    ("статуту громади", "Статут громади, написаний разом із мешканцями", "inflection"),
    ("консультацій з мешканцями за кордоном", "Онлайн-консультації з мешканцями", "inflection"),
    ("мережі взаємодопомоги секретарів", "Щомісячні онлайн-зустрічі секретарів рад", "inflection"),
    ("кадрового пулу для переселенців", "Кадровий пул для переселенців", "inflection"),
    ("мобільного ЦНАПу для сіл", "Мобільний ЦНАП", "inflection"),
    ("цифрової грамотності літніх людей", "Цифрова грамотність для людей старшого віку", "inflection"),
    ("посібника про відкритий уряд", "Посібник «Відкритий уряд: як це працює»", "inflection"),
    ("курсу гендерних ініціатив", "Навчальний курс «Гендерні ініціативи на місцевому рівні»", "inflection"),
    ("сексистських коментарів на сесії", "Як реагувати на сексистські коментарі", "forum topic"),
    ("положення про молодіжні ради", "Положення про молодіжну раду", "forum topic"),
    ("відкритих даних у невеликих громадах", "З чого почати відкриті дані", "forum topic"),
    ("безбарʼєрності ЦНАПу", "Перевірка безбар’єрності ЦНАП", "apostrophe"),
    ("безбар'єрність виборчих дільниць", "Перевірка безбар’єрності ЦНАП", "apostrophe"),
    ("санітарний протакол", "Санітарний протокол для виборчих дільниць", "typo"),
    ("наставнецтво депутатів", "Наставництво для новообраних", "typo"),
    ("молодіжнй бюджет участі", "Молодіжний бюджет участі", "typo"),
    ("кадровй пул", "Кадровий пул для переселенців", "typo"),
    ("remote council sessions", "Remote city council sessions", "english"),
    ("gender analysis of budgets", "Gender analysis of budget programmes", "english"),
    ("one-stop shop for displaced persons", "A one-stop shop for internally displaced persons", "english"),
    ("open offices sharing tools", "“Open offices”", "english"),
]
MRR_FLOOR = 0.9

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_index(settings, tmp_path):
    with override_settings(DEBUG=True, MEDIA_ROOT=str(tmp_path / "media")):
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())


def rank_of(user, query, expected, *, language="uk"):
    """Ranked as a member sees it, through the same service as the search page and the API. A practice and its
    translation are one result, shown in the reader's language: English queries are read on the English site."""
    params, parsed = service.params_from({"q": query, "page_size": 10})
    _total, results, _facets, _relaxed = service.run(user, params, parsed, language=language)
    for position, result in enumerate(results, start=1):
        if expected in result["title"]:
            return position, results
    return None, results


def test_relevance_set_mrr(demo_index, request):
    member = make_user("relevance-reader", groups=["Member"])
    assert len(RELEVANCE_SET) >= 30
    assert sum(1 for *_, kind in RELEVANCE_SET if kind == "typo") >= 3
    assert sum(1 for *_, kind in RELEVANCE_SET if kind == "english") >= 3
    reciprocal, misses = [], []
    for query, expected, kind in RELEVANCE_SET:
        position, results = rank_of(member, query, expected, language="en" if kind == "english" else "uk")
        reciprocal.append(1 / position if position else 0.0)
        if position != 1:
            misses.append(f"  {query!r}: expected {expected!r} at {position or '>10'}; top: {[r['title'][:50] for r in results[:3]]}")
    mrr = sum(reciprocal) / len(reciprocal)
    summary = f"Search relevance: MRR {mrr:.3f} over {len(RELEVANCE_SET)} Ukrainian/English queries (floor {MRR_FLOOR})"
    request.node.user_properties.append(("search_relevance", "\n".join([summary, *misses])))
    assert mrr >= MRR_FLOOR, summary + "\n" + "\n".join(misses)
    # Every query finds its target somewhere in the first page.
    assert all(reciprocal), "\n".join(misses)
