"""Real-browser checks in Debian's headless Chromium: keyboard access, no-JavaScript forms, language switching.

CI installs chromium and chromium-driver (.ci/run); on a developer machine without them these tests are
skipped with a clear reason, never in CI.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")

if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("CI"):
        pytest.fail("CI must provide Debian's chromium and chromium-driver for the browser tests", pytrace=False)
    pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.expected_conditions import staleness_of  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from .knowledge_factories import make_practice, make_theme  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _browser(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
        "--disable-dev-shm-usage",
    ):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def click_and_wait(browser, element):
    """Click something that loads a new page, and wait until the old page is gone."""
    old_page = browser.find_element(By.TAG_NAME, "html")
    try:
        element.click()
    except WebDriverException as exc:
        # With JavaScript off, chromedriver's click now and then fails inside DevTools ("unhandled inspector
        # error") on a loaded machine; the keyboard does the same for a button or a link, as a person would.
        if "inspector" not in str(exc):
            raise
        element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(_gone(old_page))


def _gone(element):
    """Selenium's staleness_of, also when chromedriver reports the old node through DevTools.

    Chromium 156's driver answers a question about a node of the unloaded page with "unhandled inspector error:
    Node with given id does not belong to the document" instead of a stale-element error: that node is gone.
    """
    stale = staleness_of(element)

    def predicate(driver):
        try:
            return stale(driver)
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc) or "No node with given id" in str(exc):
                return True
            raise

    return predicate


@pytest.fixture
def browser():
    driver = _browser()
    yield driver
    driver.quit()


@pytest.fixture
def browser_without_js():
    driver = _browser(javascript=False)
    yield driver
    driver.quit()


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(live_server, browser):
    browser.get(live_server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "uk"
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip-link"
    active.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#main")
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_library_filters_work_without_javascript(live_server, browser_without_js):
    elections = make_theme("Вибори", slug="vybory")
    make_practice("Безпечні дільниці", slug="dilnytsi", themes=[elections])
    make_practice("Молодіжна рада", slug="rada")
    browser = browser_without_js
    # On a phone the filters are folded behind their summary. (On a wide screen CSS shows them in their closed
    # <details>, which chromedriver refuses to drive: tests/test_browser_layout.py checks them there.)
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/praktyky/")
    assert "Молодіжна рада" in browser.page_source
    browser.find_element(By.CSS_SELECTOR, ".filters-details > summary").click()
    Select(browser.find_element(By.ID, "id_theme")).select_by_value("vybory")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    assert "theme=vybory" in browser.current_url
    assert "Безпечні дільниці" in browser.page_source
    assert "Молодіжна рада" not in browser.page_source


def test_language_switcher_without_javascript_keeps_the_page(live_server, browser_without_js):
    from wagtail.models import Locale

    practice = make_practice("Дистанційні сесії", slug="sesii")
    translated = practice.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    translated.title = translated.draft_title = "Remote sessions"
    translated.save_revision().publish()
    browser = browser_without_js
    browser.get(live_server.url + practice.url)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".language-switcher button[value=en]"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "Remote sessions" in browser.find_element(By.TAG_NAME, "h1").text
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".language-switcher button[value=uk]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Дистанційні сесії"


def test_login_form_reports_a_wrong_password_in_ukrainian(live_server, browser):
    from .conftest import make_user

    make_user("olena")
    browser.get(live_server.url + "/accounts/login/")
    browser.find_element(By.NAME, "login").send_keys("olena@example.org")
    browser.find_element(By.NAME, "password").send_keys("wrong-password")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "/accounts/login/" in browser.current_url
    assert "неправильні" in browser.page_source.lower() or "невірн" in browser.page_source.lower()
