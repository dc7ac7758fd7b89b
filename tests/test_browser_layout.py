"""The library's folded filters and the forum index's labelled cells in a real browser (Debian's headless Chromium),
on a wide screen and on a phone, without JavaScript. The browser set-up and its skip rules are those of
tests/test_browser.py."""

import pytest

from .test_browser import browser_without_js, click_and_wait  # noqa: F401  (fixtures)

from selenium.webdriver.common.by import By  # noqa: E402  (after the skip of test_browser when Chromium is absent)
from selenium.webdriver.common.keys import Keys  # noqa: E402

from .forum_factories import make_category, make_topic  # noqa: E402
from .knowledge_factories import make_practice, make_theme  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = (390, 844)


def evaluate(browser, expression):
    """An expression evaluated through DevTools, which works with the page's JavaScript off."""
    return browser.execute_cdp_cmd("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"]["value"]


def rendered(browser, selector):
    # Not Selenium's is_displayed(): it takes whatever is inside a closed <details> for hidden, whatever CSS says.
    return evaluate(browser, f"document.querySelector({selector!r}).checkVisibility()")


@pytest.fixture
def practices():
    elections = make_theme("Вибори", slug="vybory")
    make_practice("Безпечні дільниці", slug="dilnytsi", themes=[elections])
    make_practice("Молодіжна рада", slug="rada")


def test_library_filters_are_shown_on_a_wide_screen_without_opening_them(live_server, browser_without_js, practices):
    browser = browser_without_js
    browser.get(live_server.url + "/praktyky/")
    assert browser.find_element(By.CSS_SELECTOR, ".filters-details").get_attribute("open") is None
    assert rendered(browser, "#id_theme")
    assert not rendered(browser, ".filters-details > summary")


def test_library_filters_are_folded_on_a_phone_and_open_from_the_keyboard(live_server, browser_without_js, practices):
    browser = browser_without_js
    browser.set_window_size(*PHONE)
    browser.get(live_server.url + "/praktyky/")
    theme = browser.find_element(By.ID, "id_theme")
    assert not rendered(browser, "#id_theme")
    results = browser.find_element(By.ID, "results-heading")
    assert results.location["y"] < PHONE[1], "the practices start on the first screen"
    summary = browser.find_element(By.CSS_SELECTOR, ".filters-details > summary")
    summary.send_keys(Keys.ENTER)
    assert rendered(browser, "#id_theme")
    theme.send_keys("Вибори")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    assert "theme=vybory" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, ".filters-details").get_attribute("open") is not None


def test_forum_index_cells_show_their_column_on_a_phone(live_server, browser_without_js):
    make_topic(category=make_category(name="Бюджет"), title="Бюджет участі")
    browser = browser_without_js
    browser.set_window_size(*PHONE)
    browser.get(live_server.url + "/forum/")
    cell = browser.find_element(By.CSS_SELECTOR, ".forum-categories tbody td")
    shown = evaluate(browser, "getComputedStyle(document.querySelector('.forum-categories tbody td'), '::before').content")
    assert "Теми" in shown, shown
    assert cell.text.strip() == "1"
    browser.set_window_size(1280, 1000)
    assert evaluate(browser, "getComputedStyle(document.querySelector('.forum-categories tbody td'), '::before').content") == "none"
