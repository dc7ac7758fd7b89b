"""The topic page in a real browser (Debian's headless Chromium) without JavaScript: a reply lands on the new post,
confirmed and highlighted through :target, and the accepted answer's preview jumps to the full post. The browser
set-up and its skip rules are those of tests/test_browser.py; the rest of the page is tested in
tests/test_forum_topic_page.py."""

import pytest

from .test_browser import browser_without_js, click_and_wait  # noqa: F401  (fixtures)

from django.conf import settings  # noqa: E402  (after the skip of test_browser when Chromium is absent)
from django.test import Client  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from forum import services  # noqa: E402

from .conftest import make_user  # noqa: E402
from .forum_factories import make_category, make_reply, make_topic  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HIGHLIGHT = "rgba(243, 248, 253, 1)"  # .post:target in static/css/site.css


def background(browser, selector):
    return browser.find_element(By.CSS_SELECTOR, selector).value_of_css_property("background-color")


def log_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    browser.get(live_server.url + "/forum/")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session, "path": "/"})


def test_a_reply_lands_on_the_new_post_confirmed_and_highlighted(live_server, browser_without_js):
    browser = browser_without_js
    author = make_user("avtor", groups=["Member"])
    topic = make_topic(make_category(), author, title="Як провести сесію онлайн?", body="Питання до колег")
    log_in(browser, live_server, make_user("kolega", groups=["Member"]))
    browser.get(f"{live_server.url}/forum/t/{topic.pk}/")
    browser.find_element(By.ID, "id_body").send_keys("У нас сесії йдуть через захищену платформу.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".reply-box button[type=submit]"))
    assert browser.current_url.endswith(f"/forum/t/{topic.pk}/#post-2")
    assert "Вашу відповідь опубліковано." in browser.find_element(By.CSS_SELECTOR, ".messages").text
    assert background(browser, "#post-2") == HIGHLIGHT
    assert background(browser, "#post-1") != HIGHLIGHT


def test_the_accepted_answers_preview_jumps_to_the_full_post_from_the_keyboard(live_server, browser_without_js):
    browser = browser_without_js
    author = make_user("avtor", groups=["Member"])
    topic = make_topic(make_category(), author, title="Як провести сесію онлайн?", body="Питання до колег")
    colleague = make_user("kolega", groups=["Member"])
    make_reply(topic, colleague, "Перша відповідь")
    answer = make_reply(topic, colleague, "Ми провели сесію онлайн через захищену платформу. " * 10)
    services.answer_accept(topic=topic, post=answer, user=author)
    browser.get(f"{live_server.url}/forum/t/{topic.pk}/")
    assert background(browser, "#post-3") != HIGHLIGHT
    browser.find_element(By.CSS_SELECTOR, ".accepted-answer a[href='#post-3']").send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#post-3")
    assert background(browser, "#post-3") == HIGHLIGHT
