"""python manage.py import_practices: valid lines, idempotent re-import, bad lines with numbers, --dry-run, --draft."""

import json

import pytest
from django.core.management import CommandError, call_command

from cop.places.models import Hromada
from knowledge.models import PracticePage, ThemePage

pytestmark = pytest.mark.django_db


def write_lines(tmp_path, *records, name="practices.jsonl"):
    path = tmp_path / name
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(path, *args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_practices", path, *args, stdout=out, stderr=err)
        failed = None
    except CommandError as exc:
        failed = exc
    return out.getvalue(), err.getvalue(), failed


VALID = {
    "external_id": "ua-001",
    "title": "Онлайн-засідання ради під час карантину",
    "summary": "Рада перейшла на дистанційні засідання.",
    "body": "Перший абзац.\n\nДругий абзац з **важливим** словом.",
    "theme": "Врядування під час карантину",
    "tags": ["карантин", "засідання"],
    "hromada": "Славутська міська громада",
    "oblast": "Хмельницька область",
    "date": "2020-05-14",
}


def test_valid_file_creates_published_practices(tmp_path):
    second = dict(VALID, external_id="ua-002", title="Друга практика", region="Вінницька область", hromada=None, oblast=None)
    del second["oblast"]
    out, err, failed = run(write_lines(tmp_path, VALID, second))
    assert failed is None, err
    practice = PracticePage.objects.get(external_id="ua-001")
    assert practice.live
    assert practice.title == VALID["title"]
    assert practice.date.isoformat() == "2020-05-14"
    assert sorted(t.name for t in practice.tags.all()) == ["засідання", "карантин"]
    html = str(practice.body[0].value)
    assert "<p>Перший абзац.</p>" in html and "<b>важливим</b>" in html
    # Unknown theme is created under the library; unknown hromada is created in its oblast.
    theme = ThemePage.objects.get(title="Врядування під час карантину")
    assert theme.get_parent().specific_class.__name__ == "PracticeLibraryPage"
    assert list(practice.themes.all()) == [theme]
    assert Hromada.objects.get(name="Славутська міська громада").oblast.slug == "khmelnytska"
    assert practice.oblast.slug == "khmelnytska"
    # `region` is accepted for the oblast.
    assert PracticePage.objects.get(external_id="ua-002").oblast.slug == "vinnytska"
    assert "2 created" in out


def test_reimport_updates_instead_of_duplicating(tmp_path):
    run(write_lines(tmp_path, VALID))
    out, _, failed = run(write_lines(tmp_path, VALID))
    assert failed is None
    assert "1 unchanged" in out
    assert PracticePage.objects.filter(external_id="ua-001").count() == 1
    revisions = PracticePage.objects.get(external_id="ua-001").revisions.count()

    changed = dict(VALID, title="Нова назва практики", tags=["карантин"])
    out, _, failed = run(write_lines(tmp_path, changed))
    assert failed is None and "1 updated" in out
    practice = PracticePage.objects.get(external_id="ua-001")
    assert PracticePage.objects.filter(external_id="ua-001").count() == 1
    assert practice.title == "Нова назва практики"
    assert [t.name for t in practice.tags.all()] == ["карантин"]
    assert practice.revisions.count() == revisions + 1
    assert ThemePage.objects.filter(title=VALID["theme"]).count() == 1


def test_bad_lines_are_reported_with_numbers_and_skipped(tmp_path):
    path = write_lines(
        tmp_path,
        VALID,                                                   # 1 ok
        "{not json",                                             # 2
        {"external_id": "ua-003"},                               # 3 missing title
        dict(VALID, external_id="ua-004", language="fr"),       # 4 unknown language
        dict(VALID, external_id="ua-005", date="14.05.2020"),   # 5 bad date
        dict(VALID, external_id="ua-006", title="Я" * 300),      # 6 over-long title
        dict(VALID, external_id="ua-007", oblast="Атлантида"),   # 7 unknown oblast
        "[1, 2, 3]",                                             # 8 not an object
        dict(VALID, external_id="ua-009", tags="a, b"),         # 9 ok: comma-separated tags
        dict(VALID, title="   ", external_id="ua-010"),         # 10 blank title
        dict(VALID, external_id="", title="Без ідентифікатора"),  # 11 missing external_id
        dict(VALID, external_id="ua-012", summary="с" * 600),   # 12 over-long summary
    )
    out, err, failed = run(path)
    assert failed is not None
    for number, reason in [
        (2, "invalid JSON"), (3, "missing required field 'title'"), (4, "unknown language 'fr'"), (5, "bad date"),
        (6, "'title' is too long"), (7, "unknown oblast"), (8, "JSON object"), (10, "missing required field 'title'"),
        (11, "missing required field 'external_id'"), (12, "'summary' is too long"),
    ]:
        assert f"line {number}: " in err and reason in err.split(f"line {number}: ")[1].splitlines()[0], (number, err)
    assert set(PracticePage.objects.values_list("external_id", flat=True)) == {"ua-001", "ua-009"}
    assert "2 created" in out and "10 line(s) failed" in out


def test_invalid_utf8_line_is_reported(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(json.dumps(VALID, ensure_ascii=False).encode() + b"\n\xff\xfe{}\n")
    _, err, failed = run(str(path))
    assert failed is not None and "line 2: not valid UTF-8" in err
    assert PracticePage.objects.filter(external_id="ua-001").exists()


def test_dry_run_changes_nothing(tmp_path):
    themes_before = ThemePage.objects.count()
    out, err, failed = run(write_lines(tmp_path, VALID, "{oops"), "--dry-run")
    assert failed is not None and "line 2: invalid JSON" in err
    assert "1 line(s) valid" in out
    assert not PracticePage.objects.exists()
    assert ThemePage.objects.count() == themes_before
    assert not Hromada.objects.filter(name="Славутська міська громада").exists()


def test_draft_option_saves_unpublished(tmp_path, client):
    run(write_lines(tmp_path, VALID), "--draft")
    practice = PracticePage.objects.get(external_id="ua-001")
    assert not practice.live
    assert client.get("/praktyky/").content.decode().count(VALID["title"]) == 0


def test_unsafe_html_is_stripped(tmp_path):
    body = (
        "Текст <script>alert('x')</script> далі.\n\n"
        "[посилання](javascript:alert(1)) і [добре](https://rada.gov.ua)\n\n"
        "<img src=x onerror=alert(1)> <a href=\"https://e.org\" onclick=\"steal()\">клік</a>\n\n"
        "# Заголовок"
    )
    run(write_lines(tmp_path, dict(VALID, body=body)))
    html = str(PracticePage.objects.get(external_id="ua-001").body[0].value.source)
    assert "<script" not in html and "alert('x')" not in html
    assert "href=\"javascript:" not in html and "<a href=\"javascript" not in html
    assert "onerror" not in html and "onclick" not in html and "<img" not in html
    assert 'href="https://rada.gov.ua"' in html
    assert "<h2>Заголовок</h2>" in html


def test_english_line_becomes_translation_of_ukrainian(tmp_path, client):
    english = dict(VALID, language="en", title="Online council sessions during quarantine", theme="Governance during quarantine", tags=["quarantine"])
    _, err, failed = run(write_lines(tmp_path, VALID, english))
    assert failed is None, err
    uk = PracticePage.objects.get(external_id="ua-001", locale__language_code="uk")
    en = PracticePage.objects.get(external_id="ua-001", locale__language_code="en")
    assert en.translation_key == uk.translation_key
    assert en.url.startswith("/en/")
    assert '<html lang="en">' in client.get(en.url).content.decode()


def test_large_file_streams_with_progress(tmp_path):
    records = [dict(VALID, external_id=f"bulk-{n}", title=f"Практика {n}", hromada=None) for n in range(120)]
    out, err, failed = run(write_lines(tmp_path, *records))
    assert failed is None, err
    assert "… 100 lines" in err
    assert PracticePage.objects.filter(external_id__startswith="bulk-").count() == 120


def test_missing_file_is_a_clear_error(tmp_path):
    _, _, failed = run(str(tmp_path / "nope.jsonl"))
    assert failed is not None and "cannot open" in str(failed)


def test_invisible_characters_are_cleaned_before_lookups(tmp_path):
    """A tag or theme written with a zero-width space or a direction override is the stored one, not a second one;
    a title of invisible characters only is reported as missing, not a crash."""
    run(write_lines(tmp_path, VALID))
    dirty = dict(VALID, external_id="ua-003", title="\u202eДруга\u200b практика", tags=["кар\u200bантин", "засідання\u2066"],
                 theme="Врядування\u200b під час карантину")
    empty_title = dict(VALID, external_id="ua-004", title="\u200b\u202e")
    out, err, failed = run(write_lines(tmp_path, dirty, empty_title, name="dirty.jsonl"))
    practice = PracticePage.objects.get(external_id="ua-003")
    assert practice.title == "Друга практика"
    assert sorted(t.name for t in practice.tags.all()) == ["засідання", "карантин"]
    assert ThemePage.objects.filter(title__startswith="Врядування").count() == 1
    assert "title" in err and not PracticePage.objects.filter(external_id="ua-004").exists()
