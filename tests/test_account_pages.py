"""The sign-in pages of django-allauth (issue #14): the site's form markup, the site's glossary in both languages,
autocomplete and required fields, and an error summary that links to the fields after a failed submit."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from .conftest import PASSWORD, make_user
from .html_elements import Elements

pytestmark = pytest.mark.django_db

# Wording that breaks the glossary: allauth's own Ukrainian and English.
BAD_WORDS = ["Е-мейл", "Зареєструватись", "Тоді будь ласка", "Запам'ятати", "Запам&#x27;ятати", "Мене",
             "Sign In", "Sign Up", "Signup", "Sign Out", "sign in", "sign up"]


class Page(Elements):
    """The shared reader with the look-ups these pages need."""

    def by_id(self, element_id):
        return next((e for e in self.found if e["attrs"].get("id") == element_id), None)

    def h1(self):
        return " ".join(self.one("h1")["text"].split())

    def main_form(self):
        return next(e for e in self.found if e["tag"] == "form" and "account-form" in e["attrs"].get("class", ""))

    def field(self, name):
        return self.one("input", name=name) if self.all("input", name=name) else self.one("select", name=name)

    def label_text(self, field_id):
        return " ".join(self.one("label", **{"for": field_id})["text"].split())


def get(client, name, language, *args):
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), Page(response.content.decode())


def assert_glossary(html):
    for word in BAD_WORDS:
        assert word not in html, word


@pytest.fixture(autouse=True)
def _no_rate_limit_carry_over():
    cache.clear()
    yield
    cache.clear()


# --- each page, in both languages ------------------------------------------------------------------------------


@pytest.mark.parametrize("language, h1, words", [
    ("uk", "Увійти", ["Е-пошта", "Пароль", "Запам’ятати мене", "Забули пароль?", "Приєднайтеся до спільноти"]),
    ("en", "Log in", ["Email", "Password", "Remember me", "Forgot your password?", "Join the community"]),
])
def test_login_page_speaks_the_glossary(client, language, h1, words):
    html, page = get(client, "account_login", language)
    assert page.h1() == h1
    for word in words:
        assert word in html, word
    assert_glossary(html)
    button = page.all("button", type="submit")
    assert [" ".join(b["text"].split()) for b in button if b["attrs"].get("class") == "button"] == [h1]


@pytest.mark.parametrize("language, h1, login_link", [("uk", "Приєднатися", "Увійдіть"), ("en", "Join", "Log in")])
def test_signup_page_speaks_the_glossary(client, language, h1, login_link):
    html, page = get(client, "account_signup", language)
    assert page.h1() == h1
    assert login_link in [" ".join(a["text"].split()) for a in page.all("a")]
    assert_glossary(html)


@pytest.mark.parametrize("language, words", [
    ("uk", ["Вийти", "Ви справді хочете вийти?"]),
    ("en", ["Log out", "Are you sure you want to log out?"]),
])
def test_logout_confirmation_speaks_the_glossary(client, member, language, words):
    client.force_login(member)
    html, page = get(client, "account_logout", language)
    assert page.h1() == words[0]
    assert words[1] in html
    assert page.all("button", **{"class": "button", "type": "submit"})
    assert_glossary(html)


# Pages a visitor reaches without a form to fill: their heading and wording, in both languages.
@pytest.mark.parametrize("name, language, words", [
    ("account_reset_password", "uk", ["Відновлення пароля", "адресу е-пошти", "Відновити пароль"]),
    ("account_reset_password", "en", ["Password reset", "email address", "Reset my password"]),
    ("account_reset_password_done", "uk", ["Відновлення пароля", "Ми надіслали вам лист", "«Спам»"]),
    ("account_reset_password_done", "en", ["Password reset", "We have sent you an email", "spam folder"]),
    ("account_email_verification_sent", "uk", ["Підтвердьте адресу е-пошти", "Ми надіслали вам лист", "завершити реєстрацію"]),
    ("account_email_verification_sent", "en", ["Confirm your email address", "We have sent you an email", "finish joining"]),
])
def test_account_pages_speak_the_glossary(client, name, language, words):
    html, page = get(client, name, language)
    assert page.h1() == words[0]
    for word in words[1:]:
        assert word in html, word
    assert_glossary(html)


@pytest.mark.parametrize("language, heading, done", [
    ("uk", "Змінити пароль", "Пароль змінено."),
    ("en", "Change password", "Your password has been changed."),
])
def test_password_reset_from_the_emailed_link(client, mailoutbox, language, heading, done):
    user = make_user("olena")
    with translation.override(language):
        client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://testserver(/\S*/password/reset/key/\S+/)", mailoutbox[-1].body).group(1)
    response = client.get(link, follow=True)  # allauth moves the key into the session and redirects
    assert response.status_code == 200
    html, page = response.content.decode(), Page(response.content.decode())
    assert page.h1() == heading
    assert page.field("password1")["attrs"]["autocomplete"] == "new-password"
    assert_glossary(html)

    new_password = {"password1": "a-new-long-pass-2026", "password2": "a-new-long-pass-2026"}
    response = client.post(response.redirect_chain[-1][0], new_password, follow=True)
    page = Page(response.content.decode())
    assert page.h1() == heading and done in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("a-new-long-pass-2026")


@pytest.mark.parametrize("language, words", [
    ("uk", ["Посилання недійсне", "Запросіть нове посилання"]),
    ("en", ["Invalid link", "Request a new link"]),
])
def test_password_reset_with_a_bad_link_offers_a_new_one(client, language, words):
    html, page = get(client, "account_reset_password_from_key", language, "1", "not-a-key")
    assert page.h1() == words[0]
    assert words[1] in html
    assert_glossary(html)


@pytest.mark.parametrize("language, words", [("uk", ["Змінити пароль", "Пароль змінено."]),
                                             ("en", ["Change password", "Your password has been changed."])])
def test_password_reset_from_key_done_speaks_the_glossary(client, language, words):
    html, page = get(client, "account_reset_password_from_key_done", language)
    assert page.h1() == words[0] and words[1] in html
    assert_glossary(html)


@pytest.mark.parametrize("language, words", [
    ("uk", ["Підтвердження адреси е-пошти", "адреса е-пошти користувача", "Підтвердити"]),
    ("en", ["Confirm your email address", "is the email address of", "Confirm"]),
])
def test_email_confirmation_page_speaks_the_glossary(client, language, words):
    from allauth.account.models import EmailConfirmationHMAC

    user = make_user("olena")
    EmailAddress.objects.filter(user=user).update(verified=False)
    address = EmailAddress.objects.get(user=user)
    html, page = get(client, "account_confirm_email", language, EmailConfirmationHMAC(address).key)
    assert page.h1() == words[0]
    assert words[1] in html and user.email in html
    assert [" ".join(b["text"].split()) for b in page.all("button", **{"class": "button"}) if "form" in b["inside"]] == [words[2]]
    assert_glossary(html)


@pytest.mark.parametrize("language, words", [
    ("uk", ["Підтвердження адреси е-пошти", "застаріло або недійсне"]),
    ("en", ["Confirm your email address", "has expired or is invalid"]),
])
def test_expired_email_confirmation_link_says_so(client, language, words):
    html, page = get(client, "account_confirm_email", language, "not-a-key")
    assert page.h1() == words[0] and words[1] in html
    assert_glossary(html)


@pytest.mark.parametrize("language, h1", [("uk", "Обліковий запис неактивний"), ("en", "Account inactive")])
def test_account_inactive_speaks_the_glossary(client, language, h1):
    html, page = get(client, "account_inactive", language)
    assert page.h1() == h1
    assert_glossary(html)


@pytest.mark.parametrize("language, words", [
    ("uk", ["Змінити пароль", "Поточний пароль", "Новий пароль", "Новий пароль (ще раз)"]),
    ("en", ["Change password", "Current password", "New password", "New password (again)"]),
])
def test_password_change_speaks_the_glossary(client, member, language, words):
    client.force_login(member)
    html, page = get(client, "account_change_password", language)
    assert page.h1() == words[0]
    assert page.label_text("id_oldpassword").startswith(words[1])
    assert page.label_text("id_password1").startswith(words[2])
    assert page.label_text("id_password2").startswith(words[3])
    assert page.field("oldpassword")["attrs"]["autocomplete"] == "current-password"
    assert page.field("password1")["attrs"]["autocomplete"] == "new-password"
    assert_glossary(html)


# --- form markup ------------------------------------------------------------------------------------------------


def test_remember_me_checkbox_comes_before_its_label(client):
    _, page = get(client, "account_login", "uk")
    names = [(e["tag"], e["attrs"].get("name") or e["attrs"].get("for")) for e in page.found if e["tag"] in ("input", "label")]
    assert names.index(("input", "remember")) + 1 == names.index(("label", "id_remember"))
    assert page.label_text("id_remember") == "Запам’ятати мене"
    assert "required" not in page.field("remember")["attrs"]


def test_login_fields_have_autocomplete_and_labels(client):
    _, page = get(client, "account_login", "uk")
    assert page.field("login")["attrs"]["autocomplete"] in ("email", "username")
    assert page.field("password")["attrs"]["autocomplete"] == "current-password"
    assert page.label_text("id_login") == "Е-пошта (обов’язково)"
    assert "novalidate" in page.main_form()["attrs"]  # the server's errors, not the browser's bubbles
    assert "button" in page.one("button", type="submit", **{"class": "button"})["attrs"]["class"]


@pytest.mark.parametrize("name, autocomplete", [
    ("email", "email"), ("password1", "new-password"), ("password2", "new-password"), ("first_name", "given-name"),
    ("last_name", "family-name"), ("position", "organization-title"), ("organisation", "organization"),
])
def test_signup_fields_have_autocomplete(client, name, autocomplete):
    _, page = get(client, "account_signup", "uk")
    assert page.field(name)["attrs"].get("autocomplete") == autocomplete


@pytest.mark.parametrize("language, marker", [("uk", "(обов’язково)"), ("en", "(required)")])
def test_signup_marks_required_fields_visibly_and_with_the_attribute(client, language, marker):
    _, page = get(client, "account_signup", language)
    for name in ["email", "first_name", "last_name", "position", "organisation", "password1", "password2"]:
        field = page.field(name)
        assert "required" in field["attrs"], name
        assert page.label_text(field["attrs"]["id"]).endswith(marker), name
    for name in ["oblast", "hromada"]:
        field = page.field(name)
        assert "required" not in field["attrs"], name
        assert marker not in page.label_text(field["attrs"]["id"]), name


def test_password_help_is_valid_markup_linked_to_its_field(client):
    html, page = get(client, "account_signup", "en")
    assert [ul for ul in page.all("ul") if "div" in ul["inside"]], "the password rules are a list, inside their help"
    for ul in page.all("ul"):
        assert "p" not in ul["inside"] and "span" not in ul["inside"], ul["inside"]
    for div in page.all("div"):
        assert "p" not in div["inside"] and "span" not in div["inside"]
    help_text = page.by_id("id_password1_helptext")
    assert help_text["tag"] == "div" and "at least 8 characters" in help_text["text"]
    assert "id_password1_helptext" in page.field("password1")["attrs"]["aria-describedby"].split()


def test_account_pages_have_no_inline_scripts_or_styles_and_load_the_error_summary_script(client):
    html, page = get(client, "account_signup", "uk")
    assert all(script["attrs"].get("src") for script in page.all("script"))
    assert "style=" not in html and "<style" not in html
    script = page.one("script", src="/static/js/error-summary.js")
    assert "defer" in script["attrs"]


def test_every_label_points_to_one_field_and_ids_are_unique(client):
    _, page = get(client, "account_signup", "uk")
    ids = [e["attrs"]["id"] for e in page.found if "id" in e["attrs"]]
    assert len(ids) == len(set(ids))
    for label in page.all("label"):
        assert page.by_id(label["attrs"]["for"]) is not None, label


# --- after a failed submit --------------------------------------------------------------------------------------


def post(client, name, language, data):
    with translation.override(language):
        url = reverse(name)
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content.decode(), Page(response.content.decode())


@pytest.mark.parametrize("language, heading, title", [("uk", "Виникла проблема", "Помилка"), ("en", "There is a problem", "Error")])
def test_failed_signup_shows_an_error_summary_linking_to_the_fields(client, language, heading, title):
    html, page = post(client, "account_signup", language, {
        "email": "not-an-address", "password1": PASSWORD, "password2": "something-else-entirely",
        "first_name": "Олена", "last_name": "", "position": "Секретар", "organisation": "Сільська рада",
    })
    summary = next(e for e in page.found if "data-error-summary" in e["attrs"])
    assert summary["attrs"]["tabindex"] == "-1" and summary["attrs"]["role"] == "group"  # focusable, named by its heading
    assert page.by_id(summary["attrs"]["aria-labelledby"])["text"] == heading
    form = page.main_form()
    # First in the form (after the CSRF token), before any field.
    first_field_div = next(e for e in page.found if e["tag"] == "div" and "field" in e["attrs"].get("class", "").split())
    assert page.found.index(form) < page.found.index(summary) < page.found.index(first_field_div)

    links = [a for a in page.all("a") if a["attrs"].get("href", "").startswith("#id_")]
    hrefs = [a["attrs"]["href"] for a in links]
    assert hrefs == ["#id_email", "#id_last_name", "#id_password2"]
    for link in links:
        field_id = link["attrs"]["href"][1:]
        field = page.by_id(field_id)
        assert field is not None and field["tag"] == "input"
        assert page.label_text(field_id).split(" (")[0] in link["text"]
        # The field's own error, next to it, is linked to it.
        error = page.by_id(field_id + "_error")
        assert error is not None and error["text"].strip()
        assert field_id + "_error" in field["attrs"]["aria-describedby"].split()
        assert field["attrs"]["aria-invalid"] == "true"
    mismatch = {"uk": "Паролі не збігаються", "en": "The passwords do not match"}[language]
    assert mismatch in page.by_id("id_password2_error")["text"]
    assert re.search(rf"<title>\s*{title}:", html)


def test_signup_without_errors_has_no_summary(client):
    html, page = get(client, "account_signup", "uk")
    assert not [e for e in page.found if "data-error-summary" in e["attrs"]]
    assert "Виникла проблема" not in html and "<title>Помилка" not in html


@pytest.mark.parametrize("language, message", [
    ("uk", "Адреса е-пошти або пароль неправильні."), ("en", "The email address or password is not correct."),
])
def test_failed_login_summarises_the_form_error(client, language, message):
    make_user("olena")
    html, page = post(client, "account_login", language, {"login": "olena@example.org", "password": "wrong-password"})
    summary = next(e for e in page.found if "data-error-summary" in e["attrs"])
    assert message in summary["text"]
    link = next(a for a in page.all("a") if a["text"].strip() == message)
    assert link["attrs"]["href"] == "#id_login"
    assert_glossary(html)


def test_email_management_page_uses_the_site_markup(client, member):
    client.force_login(member)
    html, page = get(client, "account_email", "uk")
    radio = page.one("input", type="radio", name="email")
    names = [(e["tag"], e["attrs"].get("id") or e["attrs"].get("for")) for e in page.found if e["tag"] in ("input", "label")]
    assert names.index(("input", radio["attrs"]["id"])) + 1 == names.index(("label", radio["attrs"]["id"]))
    assert member.email in page.label_text(radio["attrs"]["id"])
    assert {"button", "button button-danger"} <= {b["attrs"].get("class") for b in page.all("button")}
    for element in page.found:
        assert "p" not in element["inside"] or element["tag"] not in ("div", "ul", "p"), element


# --- the e-mails allauth sends, in the site's words ----------------------------------------------------------------

MAIL_BAD_WORDS = [*BAD_WORDS, "мейл", "Привіт від", "Hello from", "'", "Please Confirm", "Password Reset Email"]


def assert_mail_glossary(message):
    for word in MAIL_BAD_WORDS:
        assert word not in message.subject and word not in message.body, word


@pytest.mark.parametrize("language, subject, words", [
    ("uk", "Підтвердьте адресу е-пошти", ["Вітаємо!", "Щоб підтвердити, що вона ваша", "модератор розгляне"]),
    ("en", "Confirm your email address", ["Hello,", "To confirm that it is yours", "a moderator reviews"]),
])
def test_the_sign_up_confirmation_email_speaks_the_glossary(client, oblast, hromada, mailoutbox, language, subject, words):
    with translation.override(language):
        url = reverse("account_signup")
    response = client.post(url, {
        "email": "olena.koval@example.org", "password1": PASSWORD, "password2": PASSWORD, "first_name": "Олена",
        "last_name": "Коваль", "position": "Секретар сільської ради", "organisation": "Якушинецька сільська рада",
        "oblast": str(oblast.pk), "hromada": str(hromada.pk), "motivation": "Хочу ділитися досвідом.",
    })
    assert response.status_code == 302
    message = mailoutbox[-1]
    assert message.subject.endswith(subject)
    assert all(word in message.body for word in words), message.body
    link = re.search(r"https?://testserver(/\S*confirm-email/\S+?/)(?=\s|$)", message.body).group(1)
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="olena.koval@example.org").verified
    assert_mail_glossary(message)


@pytest.mark.parametrize("language, subject, words", [
    ("uk", "Скидання пароля", ["Щоб вибрати новий пароль", "пароль залишиться таким, як був"]),
    ("en", "Reset your password", ["To choose a new password", "your password stays as it is"]),
])
def test_the_password_reset_email_speaks_the_glossary(client, mailoutbox, language, subject, words):
    user = make_user("olena")
    with translation.override(language):
        client.post(reverse("account_reset_password"), {"email": user.email})
    message = mailoutbox[-1]
    assert message.subject.endswith(subject) and all(word in message.body for word in words), message.body
    assert "/password/reset/key/" in message.body
    assert_mail_glossary(message)


@pytest.mark.parametrize("language, subject", [("uk", "Немає облікового запису з цією адресою"),
                                               ("en", "No account with this email address")])
def test_a_reset_for_an_unknown_address_says_so_and_offers_to_join(client, mailoutbox, language, subject):
    with translation.override(language):
        client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    message = mailoutbox[-1]
    assert message.to == ["nobody@example.org"] and message.subject.endswith(subject)
    assert "/accounts/signup/" in message.body and "nobody@example.org" in message.body
    assert_mail_glossary(message)
