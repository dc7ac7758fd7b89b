"""Whole journeys of people through the site in a real browser (Debian's headless Chromium), on a wide screen
(1280 px) and on a phone (390 px, where the sections are folded in the header's "Меню"):

1. an official signs up, confirms the e-mail through the link in the message, a moderator approves the request,
   the new member starts a topic, a colleague replies, and the site search finds the reply;
2. a member shares a practice, a moderator approves it at the moderators' desk, and the practice is in the library
   and found by search in other grammatical cases of its words;
3. a moderator hides a post: other members no longer see it on the topic page nor find it by search;
4. the language switch, both ways, on a translated practice and on practices without a translation;
5. the keyboard alone: the header's menus, the header's search and the reply form of a topic.

Each journey goes through the pages as a person does (links, buttons, typing); the database is used only to set
up what is not part of the journey, and e-mails are read from django.core.mail.outbox (the live server runs in
the test's process). After its last step each journey leaves a screenshot in
$CI_ARTIFACTS_DIR/screenshots/<database>/journeys/ (default: artifacts/screenshots/...). The browser set-up and
its skip rules are those of tests/test_browser.py.
"""

import re
import struct
import time

import pytest
from django.core.cache import cache

from .test_browser import browser, click_and_wait  # noqa: F401  (fixtures)

from selenium.webdriver.common.by import By  # noqa: E402  (after the skip of test_browser when Chromium is absent)
from selenium.webdriver.common.keys import Keys  # noqa: E402

from .conftest import PASSWORD, make_user  # noqa: E402
from .forum_factories import make_category, make_reply, make_topic  # noqa: E402
from .journey_support import (  # noqa: E402
    PHONE, WIDE, active, fill, follow, go_to_account_page, go_to_section, heading, is_phone, is_png, keys, link,
    log_in, log_out, messages, path, press, press_key_and_wait, results, save_screenshot, screenshot_path, search,
    set_width, shown, tab_to, wait,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = pytest.mark.parametrize("width", [WIDE, PHONE])
STARTED = time.time()


# Each journey's screenshot after its last step: <name>-<width>.png.
SCREENSHOTS = {
    "test_sign_up_confirm_get_approved_start_a_topic_and_find_the_reply": "signup-to-reply",
    "test_a_shared_practice_approved_at_the_desk_is_live_and_found_in_other_cases": "shared-practice",
    "test_a_post_hidden_by_a_moderator_is_gone_from_the_topic_and_from_search": "hidden-post",
    "test_the_language_switch_both_ways_with_and_without_a_translation": "language-switch",
    "test_the_keyboard_alone_logs_in_opens_the_menus_replies_and_searches": "keyboard",
}


@pytest.fixture
def screenshot(request, browser, width):  # noqa: F811
    return lambda: save_screenshot(browser, SCREENSHOTS[request.node.originalname], width)


@pytest.fixture(autouse=True)
def _no_rate_limit_carry_over():
    # Sign-up, log-in and posting count in the (process-wide) locmem cache: like tests/test_browser_accounts.py.
    cache.clear()
    yield
    cache.clear()


# 1. From signing up to a reply that the search finds


APPLICANT = {
    "email": "olena.koval@example.org",
    "first_name": "Олена",
    "last_name": "Коваль",
    "position": "Секретар сільської ради",
    "organisation": "Якушинецька сільська рада",
    "motivation": "Хочу ділитися досвідом бюджету участі.",
}


def confirmation_link(outbox, email):
    sent = [message for message in outbox if message.to == [email]]
    assert len(sent) == 1, [(m.to, m.subject) for m in outbox]
    found = re.findall(r"https?://\S+/accounts/confirm-email/\S+?/(?=\s|$)", sent[0].body)
    assert len(found) == 1, sent[0].body
    return found[0]


@WIDTHS
def test_sign_up_confirm_get_approved_start_a_topic_and_find_the_reply(live_server, browser, mailoutbox, width, screenshot):
    moderator = make_user("moderatorka", groups=["Member", "Moderator"], first_name="Марта", last_name="Шевчук")
    colleague = make_user("kolega", groups=["Member"], first_name="Іван", last_name="Бондар")
    make_category(name="Бюджет участі", slug="biudzhet-uchasti")
    set_width(browser, width)

    # The applicant joins from the home page's header.
    browser.get(live_server.url + "/")
    follow(browser, "Приєднатися", browser.find_element(By.CSS_SELECTOR, ".site-header"))
    fill(browser, {**APPLICANT, "password1": PASSWORD, "password2": PASSWORD})
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.account-form button[type=submit]"))
    assert path(browser) == "/accounts/confirm-email/"
    assert heading(browser) == "Підтвердьте адресу е-пошти"

    # The link in the e-mail opens a page that asks to confirm; confirming signs the applicant in, still pending.
    sent_link = confirmation_link(mailoutbox, APPLICANT["email"])
    assert sent_link.startswith(live_server.url + "/accounts/confirm-email/"), sent_link  # it leads to this site
    browser.get(sent_link)
    assert APPLICANT["email"] in browser.find_element(By.TAG_NAME, "main").text
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Ваша заявка на членство очікує на розгляд модератора" in browser.find_element(By.CSS_SELECTOR, ".notice-pending").text
    to_moderator = [message for message in mailoutbox if message.to == [moderator.email]]
    assert len(to_moderator) == 1 and "Олена Коваль" in to_moderator[0].subject
    log_out(browser)

    # The moderator finds the request through the moderators' desk and approves it.
    log_in(browser, moderator.email)
    go_to_account_page(browser, "Панель модераторів")
    assert heading(browser) == "Панель модераторів"
    follow(browser, "Розглянути заявки на членство")
    assert heading(browser) == "Заявки на членство"
    row = browser.find_element(By.XPATH, "//tbody/tr[th[contains(., 'Олена Коваль')]]")
    assert APPLICANT["organisation"] in row.text
    press(browser, "Схвалити", row)
    assert "Олена Коваль — тепер серед учасників спільноти." in messages(browser)
    assert not browser.find_elements(By.XPATH, "//tbody/tr[th[contains(., 'Олена Коваль')]]")  # no longer waiting
    assert [message.to for message in mailoutbox][-1] == [APPLICANT["email"]]  # the applicant is told
    log_out(browser)

    # The new member logs in and starts a topic in a category of the forum.
    log_in(browser, APPLICANT["email"])
    assert not browser.find_elements(By.CSS_SELECTOR, ".notice-pending")
    go_to_section(browser, "Форум")
    follow(browser, "Бюджет участі")
    follow(browser, "Нова тема")
    fill(browser, {"title": "Як залучити молодь до бюджету участі?", "body": "Поділіться, будь ласка, досвідом."})
    press(browser, "Опублікувати")
    assert heading(browser) == "Як залучити молодь до бюджету участі?"
    topic_url = path(browser)
    assert re.fullmatch(r"/forum/t/\d+/", topic_url), topic_url
    log_out(browser)

    # A colleague finds the topic in the forum and replies.
    log_in(browser, colleague.email)
    go_to_section(browser, "Форум")
    follow(browser, "Бюджет участі")
    follow(browser, "Як залучити молодь до бюджету участі?")
    assert "Олена Коваль" in browser.find_element(By.ID, "post-1").text
    fill(browser, {"body": "Ми проводили голосування просто у школах, і старшокласники охоче долучилися."})
    press(browser, "Надіслати відповідь")
    assert "Вашу відповідь опубліковано." in messages(browser)
    reply = browser.find_element(By.ID, "post-2")
    assert "Іван Бондар" in reply.text
    permalink = reply.find_element(By.CSS_SELECTOR, "a.permalink").get_attribute("href")

    # The site search finds the reply by words of its text, in other forms than typed.
    found = search(browser, "голосування в школі")
    assert [href for _title, href, _text in found] == [permalink], found
    title, _href, text = found[0]
    assert title == "Як залучити молодь до бюджету участі?" and "старшокласники" in text
    follow(browser, title, browser.find_element(By.CSS_SELECTOR, "ol.search-results"))
    assert path(browser) == topic_url + "#post-2"
    screenshot()


# 2. A shared practice, approved at the moderators' desk, is in the library and found in other cases of its words


@WIDTHS
def test_a_shared_practice_approved_at_the_desk_is_live_and_found_in_other_cases(live_server, browser, width, screenshot):
    from .curation_support import FIELDS

    author = make_user("avtorka", groups=["Member"], first_name="Оксана", last_name="Мельник")
    moderator = make_user("moderatorka", groups=["Member", "Moderator"])
    set_width(browser, width)
    browser.get(live_server.url + "/")

    # The member shares a practice from the library.
    log_in(browser, author.email)
    go_to_section(browser, "Бібліотека практик")
    follow(browser, "Поділитися практикою")
    assert heading(browser) == "Поділитися практикою"
    typed = {name: FIELDS[name] for name in ("title", "summary", "body", "outcomes", "tags", "contact_name", "contact_email")}
    fill(browser, typed)
    press(browser, "Надіслати на розгляд")
    assert "Вашу практику надіслано на розгляд." in messages(browser)
    assert FIELDS["title"] in heading(browser)
    log_out(browser)

    # Until a moderator approves it, nobody finds it.
    assert not search(browser, "бюджетом")
    assert "Нічого не знайдено." in browser.find_element(By.CSS_SELECTOR, ".search-nothing").text

    # The moderator finds it at the desk, reviews and approves it.
    log_in(browser, moderator.email)
    go_to_account_page(browser, "Панель модераторів")
    waiting = browser.find_element(By.XPATH, "//section[h2[starts-with(normalize-space(.), 'Практики, що чекають на розгляд')]]")
    assert "(1)" in waiting.find_element(By.TAG_NAME, "h2").text
    assert "Оксана Мельник" in waiting.text
    follow(browser, FIELDS["title"], waiting)
    assert heading(browser) == f"Розгляд: {FIELDS['title']}"
    press(browser, "Схвалити й опублікувати")
    assert "Практику схвалено й опубліковано." in messages(browser)
    follow(browser, "Відкрити в бібліотеці")
    assert heading(browser) == FIELDS["title"]
    practice_url = browser.current_url
    log_out(browser)

    # Everyone sees it in the library, and the search finds it by its words in cases its text does not use
    # ("Бюджет участі для молоді громади": бюджет, бюджету; searched as бюджетом, бюджетах, громадою).
    go_to_section(browser, "Бібліотека практик")
    assert link(browser, FIELDS["title"], browser.find_element(By.TAG_NAME, "main"))
    for query in ("бюджетом", "бюджетах", "громадою"):
        found = search(browser, query)
        assert [href for _title, href, _text in found] == [practice_url], (query, found)
        assert found[0][0] == FIELDS["title"]
    follow(browser, FIELDS["title"], browser.find_element(By.CSS_SELECTOR, "ol.search-results"))
    assert browser.current_url == practice_url
    assert "Реалізовано" in browser.find_element(By.TAG_NAME, "main").text
    screenshot()


# 3. A post hidden by a moderator is gone for other members: from the topic page and from search


SPAM = "Купуйте дешеві генератори за посиланням у профілі."


@WIDTHS
def test_a_post_hidden_by_a_moderator_is_gone_from_the_topic_and_from_search(live_server, browser, width, screenshot):
    moderator = make_user("moderatorka", groups=["Member", "Moderator"])
    reader = make_user("chytachka", groups=["Member"])
    category = make_category(name="Енергетика громад", slug="enerhetyka")
    topic = make_topic(category, title="Резервне живлення для ЦНАПу", body="Які генератори ви обрали для ЦНАПу?")
    make_reply(topic, make_user("spamer", groups=["Member"]), SPAM)
    set_width(browser, width)

    # Before: anyone reads the post and finds it.
    browser.get(live_server.url + "/")
    found = search(browser, "дешеві генератори")
    assert [title for title, _href, _text in found] == ["Резервне живлення для ЦНАПу"]
    assert "посиланням" in found[0][2]
    spam_url = found[0][1]
    assert re.search(r"/forum/p/\d+/$", spam_url), spam_url  # the reply itself, not its topic

    # The moderator hides it from the topic page, with a reason.
    log_in(browser, moderator.email)
    go_to_section(browser, "Форум")
    follow(browser, "Енергетика громад")
    follow(browser, "Резервне живлення для ЦНАПу")
    post = browser.find_element(By.ID, "post-2")
    assert SPAM in post.text
    follow(browser, "Приховати…", post.find_element(By.CSS_SELECTOR, ".mod-tools"))
    assert heading(browser) == "Приховати допис"
    assert SPAM in browser.find_element(By.CSS_SELECTOR, ".mod-excerpt").text
    fill(browser, {"reason": "Реклама"})
    press(browser, "Приховати допис")
    assert "Допис приховано. Автор бачить причину." in messages(browser)
    hidden = browser.find_element(By.ID, "post-2")  # moderators still see it, marked
    assert "приховано модератором: Реклама" in hidden.text
    log_out(browser)

    # Another member opens the topic: the question is there, the hidden post is not; the search no longer finds it.
    log_in(browser, reader.email)
    go_to_section(browser, "Форум")
    follow(browser, "Енергетика громад")
    follow(browser, "Резервне живлення для ЦНАПу")
    main = browser.find_element(By.TAG_NAME, "main")
    assert "Які генератори ви обрали для ЦНАПу?" in browser.find_element(By.ID, "post-1").text
    assert not browser.find_elements(By.ID, "post-2")
    assert "генератори за посиланням" not in main.text and "Реклама" not in main.text
    found = search(browser, "дешеві генератори")
    assert spam_url not in [href for _title, href, _text in found], found
    assert not any("посиланням" in text for _title, _href, text in found), found
    # What is left is the question, which has only one of the words (the page says so).
    assert [href for _title, href, _text in found] == [live_server.url + f"/forum/t/{topic.pk}/"], found
    assert "Жоден результат не містить усіх слів" in browser.find_element(By.CSS_SELECTOR, "main .message").text
    assert not search(browser, "посиланням у профілі")
    assert "Нічого не знайдено." in browser.find_element(By.CSS_SELECTOR, ".search-nothing").text
    screenshot()


# 4. The language switch, both ways, with and without a translation


NOT_IN_ENGLISH = "This page is not available in English yet; it is shown in Ukrainian."
NOT_IN_UKRAINIAN = "Ця сторінка ще не перекладена українською; її показано англійською."


def switch_language(browser, code):
    switch = browser.find_element(By.CSS_SELECTOR, f".language-switcher button[value={code}]")
    assert switch.is_enabled() and switch.get_attribute("aria-current") is None, f"{code} is already the language"
    click_and_wait(browser, switch)


def page_language(browser):
    return browser.find_element(By.TAG_NAME, "html").get_attribute("lang")


def current_language_button(browser):
    return browser.find_element(By.CSS_SELECTOR, ".language-switcher button[aria-current=true]").get_attribute("value")


@WIDTHS
def test_the_language_switch_both_ways_with_and_without_a_translation(live_server, browser, width, screenshot):
    from .knowledge_factories import library, make_practice, make_translation

    practice = make_practice("Дистанційні сесії ради", slug="sesii", summary="Як рада збиралася онлайн.")
    translated = make_translation(practice, "Remote council sessions")
    make_practice("Шкільний автобус громади", slug="avtobus", summary="Як громада возить дітей до школи.")
    english_only = make_practice("School bus of the hromada", slug="school-bus", parent=library("en"),
                                 summary="How a hromada runs its school bus.")
    set_width(browser, width)
    browser.get(live_server.url + "/")

    # A translated practice: to its English translation and back to the original.
    go_to_section(browser, "Бібліотека практик")
    follow(browser, "Дистанційні сесії ради")
    original_url = browser.current_url
    switch_language(browser, "en")
    assert browser.current_url == live_server.url + translated.url
    assert (page_language(browser), current_language_button(browser)) == ("en", "en")
    assert heading(browser) == "Remote council sessions"
    assert browser.find_element(By.CSS_SELECTOR, ".header-search button").text == "Search"
    assert not messages(browser)
    switch_language(browser, "uk")
    assert browser.current_url == original_url
    assert (page_language(browser), current_language_button(browser)) == ("uk", "uk")
    assert heading(browser) == "Дистанційні сесії ради"
    assert browser.find_element(By.CSS_SELECTOR, ".header-search button").text == "Пошук"
    assert not messages(browser)

    # A practice only in Ukrainian: the switch stays on it and says why, in English.
    go_to_section(browser, "Бібліотека практик")
    follow(browser, "Шкільний автобус громади")
    untranslated_url = browser.current_url
    switch_language(browser, "en")
    assert browser.current_url == untranslated_url
    assert heading(browser) == "Шкільний автобус громади" and page_language(browser) == "uk"
    notice = browser.find_element(By.CSS_SELECTOR, ".messages .message")
    assert notice.text == NOT_IN_ENGLISH and notice.get_attribute("lang") == "en"
    browser.refresh()
    assert not messages(browser)  # said once

    # A practice only in English: the switch to Ukrainian stays on it and says why, in Ukrainian.
    browser.get(live_server.url + english_only.url)
    assert (page_language(browser), current_language_button(browser)) == ("en", "en")
    switch_language(browser, "uk")
    assert browser.current_url == live_server.url + english_only.url
    assert heading(browser) == "School bus of the hromada" and page_language(browser) == "en"
    notice = browser.find_element(By.CSS_SELECTOR, ".messages .message")
    assert notice.text == NOT_IN_UKRAINIAN and notice.get_attribute("lang") == "uk"
    screenshot()


# 5. The keyboard alone: the header's menus, its search and the reply form


@WIDTHS
def test_the_keyboard_alone_logs_in_opens_the_menus_replies_and_searches(live_server, browser, width, screenshot):
    member = make_user("kolega", groups=["Member"], first_name="Іван", last_name="Бондар")
    category = make_category(name="Вибори", slug="vybory")
    make_topic(category, title="Як облаштувати дільницю для людей з інвалідністю?", body="Поради щодо пандусів?")
    set_width(browser, width)
    browser.get(live_server.url + "/")
    header = browser.find_element(By.CSS_SELECTOR, ".site-header")

    # "Увійти" in the header, then the log-in form: type, Tab, type, Enter.
    tab_to(browser, link(browser, "Увійти", header))
    press_key_and_wait(browser, Keys.ENTER)
    assert path(browser).startswith("/accounts/login/")
    email = browser.find_element(By.NAME, "login")
    if active(browser) != email:
        tab_to(browser, email)
    keys(browser, member.email)
    tab_to(browser, browser.find_element(By.NAME, "password"))
    keys(browser, PASSWORD)
    press_key_and_wait(browser, Keys.ENTER)
    assert browser.find_elements(By.CSS_SELECTOR, ".member-menu"), browser.find_element(By.TAG_NAME, "main").text

    # The sections: on a phone behind "Меню" (Enter opens it), on a wide screen in the header's row.
    forum = link(browser, "Форум", browser.find_element(By.CSS_SELECTOR, ".main-nav"))
    summary = browser.find_element(By.CSS_SELECTOR, ".primary-menu > summary")
    if width == PHONE:
        assert is_phone(browser) and not shown(browser, forum)
        tab_to(browser, summary)
        keys(browser, Keys.ENTER)
        wait(browser, lambda _: shown(browser, forum), "Enter did not open the menu")
        assert browser.find_element(By.CSS_SELECTOR, ".primary-menu").get_attribute("open") is not None
    else:
        assert not is_phone(browser) and shown(browser, forum)
    tab_to(browser, forum)
    press_key_and_wait(browser, Keys.ENTER)
    assert heading(browser) == "Форум"
    tab_to(browser, link(browser, "Вибори", browser.find_element(By.CSS_SELECTOR, ".forum-categories")))
    press_key_and_wait(browser, Keys.ENTER)
    tab_to(browser, link(browser, "Як облаштувати дільницю для людей з інвалідністю?", browser.find_element(By.TAG_NAME, "main")))
    press_key_and_wait(browser, Keys.ENTER)
    assert heading(browser) == "Як облаштувати дільницю для людей з інвалідністю?"

    # The reply form: Tab to the text, type, Tab to "Надіслати відповідь", Space.
    reply_box = browser.find_element(By.CSS_SELECTOR, ".reply-box")
    tab_to(browser, reply_box.find_element(By.NAME, "body"))
    keys(browser, "Ми поставили тимчасовий пандус і кнопку виклику біля входу.")
    tab_to(browser, reply_box.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    press_key_and_wait(browser, Keys.SPACE)
    assert "Вашу відповідь опубліковано." in messages(browser)
    assert browser.current_url.endswith("#post-2")
    assert "тимчасовий пандус" in browser.find_element(By.ID, "post-2").text

    # The header's search, back up the page with Shift+Tab: type, Enter.
    tab_to(browser, browser.find_element(By.ID, "header-q"), backwards=True)
    keys(browser, "пандуси біля входу")
    press_key_and_wait(browser, Keys.ENTER)
    found = results(browser)
    assert [title for title, _href, _text in found] == ["Як облаштувати дільницю для людей з інвалідністю?"], found
    assert "тимчасовий" in found[0][2] and re.search(r"/forum/p/\d+/$", found[0][1])

    # The member's menu: Tab to "Мій кабінет", Space opens it, Tab to "Вийти", Enter.
    menu = browser.find_element(By.CSS_SELECTOR, ".member-menu")
    log_out_button = menu.find_element(By.CSS_SELECTOR, "button[type=submit]")
    assert not shown(browser, log_out_button)
    tab_to(browser, menu.find_element(By.TAG_NAME, "summary"))
    keys(browser, Keys.SPACE)
    wait(browser, lambda _: menu.get_attribute("open") is not None, "Space did not open the member's menu")
    visited = tab_to(browser, log_out_button)
    assert visited[:3] == ["Сповіщення", "Учасники", "Мій профіль"] and visited[-1] == "Вийти", visited
    press_key_and_wait(browser, Keys.ENTER)
    assert not browser.find_elements(By.CSS_SELECTOR, ".member-menu")
    assert link(browser, "Увійти", browser.find_element(By.CSS_SELECTOR, ".site-header"))
    screenshot()


# The screenshots


def test_every_journey_left_a_screenshot_of_its_last_step_at_its_width(request):
    """Runs after the journeys (pytest keeps the file's order): each one selected in this session left its PNG."""
    journeys = [item for item in request.session.items
                if item.module.__name__ == __name__ and getattr(item, "originalname", None) in SCREENSHOTS]
    if not journeys:
        pytest.skip("no journey of this file ran in this session")
    for item in journeys:
        width = item.callspec.params["width"]
        file = screenshot_path(SCREENSHOTS[item.originalname], width)
        assert is_png(file), f"{item.nodeid}: no screenshot at {file}"
        assert file.stat().st_mtime >= STARTED - 1, f"{file} is left from an earlier run"
        assert struct.unpack(">I", file.read_bytes()[16:20])[0] == width, f"{file} is not {width} px wide"
