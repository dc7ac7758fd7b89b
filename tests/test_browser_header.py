"""The header in a real browser (Debian's headless Chromium): how tall it is for a moderator (the most links) on a
wide screen and on a phone, its member's menu opened with the keyboard only, and the phone's "Menu" without
JavaScript. The browser set-up and its skip rules are those of tests/test_browser.py."""

import pytest

from .test_browser import browser, browser_without_js, click_and_wait  # noqa: F401  (fixtures)

from selenium.webdriver.common.by import By  # noqa: E402  (after the skip of test_browser when Chromium is absent)
from selenium.webdriver.common.keys import Keys  # noqa: E402

from .conftest import PASSWORD, make_user  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(browser, live_server, user):
    browser.get(live_server.url + "/accounts/login/")
    browser.find_element(By.NAME, "login").send_keys(user.email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def viewport(browser, width, height):
    """Make the page's viewport (not the window with its frame) width × height CSS pixels."""
    browser.set_window_size(width, height)
    inner = browser.execute_script("return [window.innerWidth, window.innerHeight]")
    browser.set_window_size(2 * width - inner[0], 2 * height - inner[1])
    assert browser.execute_script("return window.innerWidth") == width


# Whether an element is painted where a click would land. Selenium's is_displayed() and link-text search take
# any element inside a closed <details> for hidden, also where CSS shows it (::details-content, wide screens).
SHOWN = """const box = arguments[0].getBoundingClientRect();
const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
return box.width > 0 && hit !== null && arguments[0].contains(hit);"""


def shown(browser, element):
    return browser.execute_script(SHOWN, element)


def library_link(browser):
    link = browser.find_element(By.CSS_SELECTOR, ".main-nav li:first-child a")
    assert link.get_attribute("textContent") == "Бібліотека практик"
    return link


def header_height(browser):
    return browser.find_element(By.CSS_SELECTOR, ".site-header").rect["height"]


def test_a_moderators_header_is_one_row_and_its_menu_works_with_the_keyboard(live_server, browser):  # noqa: F811
    moderator = make_user("moderatorka", groups=["Member", "Moderator"])
    log_in(browser, live_server, moderator)
    viewport(browser, 1280, 900)
    browser.get(live_server.url + "/")
    # Before: two bars and nine links in three rows, about 250 px. Now one row of 52 px.
    assert header_height(browser) <= 80
    row = [browser.find_element(By.CSS_SELECTOR, selector).rect for selector in
           (".brand", ".main-nav a", "#header-q", ".member-menu summary", ".language-switcher button")]
    middles = [rect["y"] + rect["height"] / 2 for rect in row]
    assert max(middles) - min(middles) < 12, f"not one row: {row}"
    assert shown(browser, library_link(browser))  # wide screens show the sections without opening anything
    # Keyboard only: from the last section, Tab reaches the menu's summary, Enter opens it, Tab reaches "Log out".
    log_out = browser.find_element(By.CSS_SELECTOR, ".member-menu button[type=submit]")
    assert not shown(browser, log_out)
    browser.find_element(By.CSS_SELECTOR, ".main-nav li:last-child a").send_keys(Keys.TAB)
    summary = browser.switch_to.active_element
    assert summary.tag_name == "summary" and summary.text.startswith("Мій кабінет")
    summary.send_keys(Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, ".member-menu").get_attribute("open") is not None
    visited = []
    for _ in range(10):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        visited.append(browser.switch_to.active_element.text)
        if browser.switch_to.active_element == log_out:
            break
    assert visited == ["Сповіщення", "Учасники", "Мій профіль", "Модерація", "Панель модераторів", "Редагування", "Вийти"]
    assert shown(browser, log_out)

    viewport(browser, 390, 844)
    browser.get(live_server.url + "/")
    assert header_height(browser) <= 100  # two rows: brand and "Menu"; the member's menu, language, search


def test_the_phone_menu_opens_without_javascript(live_server, browser_without_js):  # noqa: F811
    browser = browser_without_js
    viewport(browser, 390, 844)
    browser.get(live_server.url + "/")
    # Anonymous visitors' "Log in" and "Join" push the search to a third row: about 128 px (a moderator's: 89).
    assert header_height(browser) <= 130
    library = library_link(browser)
    assert not shown(browser, library)
    browser.find_element(By.CSS_SELECTOR, ".primary-menu summary").click()
    assert shown(browser, library)
    click_and_wait(browser, library)
    assert browser.current_url.endswith("/praktyky/")
