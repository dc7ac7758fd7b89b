"""What a person does in the browser, for the journeys of tests/test_browser_journeys.py: finding links by their
text, opening the header's menus (the phone's folded "Меню" and the member's menu), logging in and out through
the header, searching from the header, and the keyboard (Tab, Shift+Tab, Enter, Space) on whatever has focus.

The browser itself and its skip rules are those of tests/test_browser.py (imported first here, so a machine
without Chromium skips the journeys the same way)."""

import os
import re
from pathlib import Path

from django.db import connections

from .test_browser import _gone, click_and_wait  # first: it skips the module when Chromium is absent

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from .conftest import PASSWORD  # noqa: E402
from .test_browser_header import shown, viewport  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WIDE, PHONE = 1280, 390
HEIGHTS = {WIDE: 900, PHONE: 844}
WAIT = 20
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def set_width(browser, width):
    viewport(browser, width, HEIGHTS[width])


def wait(browser, condition, message=""):
    return WebDriverWait(browser, WAIT).until(condition, message)


def _literal(text):
    """`text` as an XPath string literal (it may hold apostrophes: "обов'язкове")."""
    if "'" not in text:
        return f"'{text}'"
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"


def link(browser, text, within=None):
    """The link whose text is `text` (its textContent: also inside a closed <details>)."""
    scope = within or browser
    return scope.find_element(By.XPATH, f".//a[normalize-space(.)={_literal(text)}]")


def button(browser, text, within=None):
    scope = within or browser
    return scope.find_element(By.XPATH, f".//button[normalize-space(.)={_literal(text)}]")


def follow(browser, text, within=None):
    """Click the link `text` and wait for the next page."""
    click_and_wait(browser, link(browser, text, within))


def press(browser, text, within=None):
    """Click the button `text` and wait for the next page."""
    click_and_wait(browser, button(browser, text, within))


def fill(browser, fields):
    """Type into the form fields named by `fields` (name: text), each emptied first."""
    for name, value in fields.items():
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)


def messages(browser):
    found = browser.find_elements(By.CSS_SELECTOR, ".messages")
    return found[0].text if found else ""


def heading(browser):
    return browser.find_element(By.TAG_NAME, "h1").text


def path(browser):
    url = browser.current_url
    return re.sub(r"^https?://[^/]+", "", url)


def is_phone(browser):
    """Whether the header folds the sections into "Меню" (on a phone): its summary is shown."""
    return shown(browser, browser.find_element(By.CSS_SELECTOR, ".primary-menu > summary"))


def go_to_section(browser, text):
    """A section of the main navigation; on a phone it is inside the folded "Меню", which is opened first."""
    target = link(browser, text, browser.find_element(By.CSS_SELECTOR, ".main-nav"))
    if is_phone(browser):
        assert not shown(browser, target), f"{text!r} is shown on a phone before the menu is opened"
        summary = browser.find_element(By.CSS_SELECTOR, ".primary-menu > summary")
        assert summary.text == "Меню"
        summary.click()
        wait(browser, lambda _: shown(browser, target), f"the menu did not show {text!r}")
        click_and_wait(browser, target)
    else:
        # CSS shows the sections of the closed <details> on a wide screen; chromedriver's element click refuses
        # anything inside a closed <details>, so the pointer clicks where the link is painted, as a mouse does.
        assert shown(browser, target), f"{text!r} is not shown on a wide screen"
        pointer_click_and_wait(browser, target)


def pointer_click_and_wait(browser, element):
    old_page = browser.find_element(By.TAG_NAME, "html")
    ActionChains(browser).move_to_element(element).click().perform()
    wait(browser, _gone(old_page), "the click did not load a page")


def open_member_menu(browser):
    menu = browser.find_element(By.CSS_SELECTOR, ".member-menu")
    if menu.get_attribute("open") is None:
        summary = menu.find_element(By.TAG_NAME, "summary")
        assert summary.text.startswith("Мій кабінет")
        summary.click()
        wait(browser, lambda _: menu.get_attribute("open") is not None)
    return menu


def go_to_account_page(browser, text):
    """A link of the member's menu ("Мій кабінет"), which is opened first."""
    menu = open_member_menu(browser)
    target = link(browser, text, menu)
    wait(browser, lambda _: shown(browser, target), f"the member's menu did not show {text!r}")
    click_and_wait(browser, target)


def log_in(browser, email, password=PASSWORD):
    """From any page: "Увійти" in the header, the e-mail and password, the form's button."""
    follow(browser, "Увійти", browser.find_element(By.CSS_SELECTOR, ".site-header"))
    fill(browser, {"login": email, "password": password})
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    main = browser.find_element(By.TAG_NAME, "main")
    assert "/accounts/login/" not in browser.current_url, messages(browser) or main.text
    assert browser.find_elements(By.CSS_SELECTOR, ".member-menu"), "not logged in"


def log_out(browser):
    """"Вийти" in the member's menu; afterwards the header offers "Увійти" again."""
    menu = open_member_menu(browser)
    target = button(browser, "Вийти", menu)
    wait(browser, lambda _: shown(browser, target))
    click_and_wait(browser, target)
    assert not browser.find_elements(By.CSS_SELECTOR, ".member-menu")
    assert link(browser, "Увійти", browser.find_element(By.CSS_SELECTOR, ".site-header"))


def search(browser, query):
    """Type `query` in the header's search field and press its button; returns the results as (title, href, text)."""
    field = browser.find_element(By.ID, "header-q")
    field.clear()
    field.send_keys(query)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".header-search button[type=submit]"))
    return results(browser)


def results(browser):
    assert path(browser).startswith("/search/") or path(browser).startswith("/en/search/"), browser.current_url
    found = []
    for item in browser.find_elements(By.CSS_SELECTOR, "ol.search-results > li"):
        title = item.find_element(By.CSS_SELECTOR, ".card-title a")
        found.append((title.text, title.get_attribute("href"), item.text))
    return found


# The keyboard


def active(browser):
    return browser.switch_to.active_element


def keys(browser, *sequence):
    """Keys pressed on whatever has focus (not on an element Selenium would focus first)."""
    ActionChains(browser).send_keys(*sequence).perform()


def tab_to(browser, target, *, backwards=False, limit=80):
    """Tab (or Shift+Tab) until `target` has focus; returns the texts of what had focus on the way."""
    visited = []
    for _ in range(limit):
        if backwards:
            ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            keys(browser, Keys.TAB)
        now = active(browser)
        visited.append(now.text or now.get_attribute("name") or now.tag_name)
        if now == target:
            return visited
    raise AssertionError(f"{limit} presses of Tab did not reach {target.tag_name} {target.text!r}: {visited}")


def press_key_and_wait(browser, key):
    """Press `key` on what has focus (a link, a button, a field of a form), and wait for the next page."""
    old_page = browser.find_element(By.TAG_NAME, "html")
    keys(browser, key)
    wait(browser, _gone(old_page), f"{key!r} did not load a page")


# Screenshots


def screenshots_dir():
    """Like tests/test_accessibility.py's: one folder per database (CI runs SQLite and PostgreSQL at once)."""
    base = Path(os.environ.get("CI_ARTIFACTS_DIR") or ROOT / "artifacts")
    folder = base / "screenshots" / connections["default"].vendor / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot_path(name, width):
    return screenshots_dir() / f"{name}-{width}.png"


def save_screenshot(browser, name, width):
    target = screenshot_path(name, width)
    assert browser.save_screenshot(str(target)) and is_png(target), target
    return target


def is_png(file):
    file = Path(file)
    return file.is_file() and file.stat().st_size > 1000 and file.read_bytes()[:8] == PNG_SIGNATURE
