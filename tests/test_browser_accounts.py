"""The error summary of the sign-in pages in a real browser (Debian's headless Chromium): with JavaScript it takes
focus after a failed submit and its links put focus in the field; without JavaScript the page still works. The
browser set-up and its skip rules are those of tests/test_browser.py."""

import pytest
from django.core.cache import cache

from .test_browser import browser, browser_without_js, click_and_wait  # noqa: F401  (fixtures)

from selenium.webdriver.common.by import By  # noqa: E402  (after the skip of test_browser when Chromium is absent)
from selenium.webdriver.common.keys import Keys  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _no_rate_limit_carry_over():
    cache.clear()
    yield
    cache.clear()


def submit_empty_signup(browser, live_server):  # noqa: F811
    browser.get(live_server.url + "/accounts/signup/")
    browser.find_element(By.NAME, "first_name").send_keys("Олена")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.account-form button[type=submit]"))


def test_failed_signup_moves_focus_to_the_summary_whose_links_focus_the_fields(live_server, browser):  # noqa: F811
    submit_empty_signup(browser, live_server)
    active = browser.switch_to.active_element
    assert active.get_attribute("data-error-summary") is not None
    assert "Виникла проблема" in active.text
    link = active.find_element(By.CSS_SELECTOR, "a[href='#id_password1']")
    link.click()
    assert browser.switch_to.active_element.get_attribute("id") == "id_password1"
    # Typing goes straight into the field the link named.
    browser.switch_to.active_element.send_keys("x")
    assert browser.find_element(By.ID, "id_password1").get_attribute("value") == "x"


def test_without_javascript_the_summary_is_the_first_thing_in_the_form(live_server, browser_without_js):  # noqa: F811
    submit_empty_signup(browser_without_js, live_server)
    summary = browser_without_js.find_element(By.CSS_SELECTOR, "form.account-form > [data-error-summary]")
    assert summary.is_displayed()
    # Its links are plain in-page links: they lead to the fields without JavaScript too.
    first_link = summary.find_element(By.TAG_NAME, "a")
    assert first_link.get_attribute("href").endswith("#id_email")
    first_link.send_keys(Keys.ENTER)
    assert browser_without_js.current_url.endswith("#id_email")
