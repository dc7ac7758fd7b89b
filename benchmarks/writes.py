"""Write-path costs and page weight for benchmarks/pages.py (issue #15), in the benchmark's Django process.

Write path: what a reply, an edit, a moderation action and a page publish cost, in SQL queries and server time,
through Django's test client as the site serves them (the search index updated when the transaction commits, as
in production). Measured at demo size and at the chosen scale: a reply to the 500-post topic must cost what a
reply to a short one does, and no action may cost more queries on a big site than on a small one.

Page weight: what a browser downloads on a first visit to a page (the HTML and every stylesheet, script, image
and icon it names on this site), as sent over the wire (gzip for text, as the production server's WhiteNoise
serves them) and uncompressed.
"""

import gzip
import re
import statistics
import time
from html.parser import HTMLParser
from pathlib import Path

WRITE_BUDGET_MS = 150  # p95 of one action, the search index and every on-commit hook included
REPEAT = 5


def _timed(action, repeat=REPEAT):
    from django.db import connection

    timings, counts = [], []
    action(repeat)  # warm-up (templates, the first write of the index file), not counted
    for i in range(repeat):
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            status = action(i)
            timings.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
        if status not in (200, 302):
            raise RuntimeError(f"write action answered {status}")
    timings.sort()
    return {"median": statistics.median(timings), "p95": timings[-1] if len(timings) < 20 else timings[int(len(timings) * 0.95)],
            "queries": max(counts[1:] or counts), "budget": WRITE_BUDGET_MS}


def measure_writes():
    """{action: {median, p95, queries, budget}} on the current database."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from cop.members.models import MODERATOR_GROUP
    from forum.models import Post, Topic
    from knowledge.models import PracticePage

    # The cost, not the limits: a benchmark posts faster than a member may.
    settings.FORUM_POST_RATE = settings.FORUM_EDIT_RATE = "100000/m"
    users = get_user_model().objects
    member = users.filter(membership_status="approved", is_superuser=False, groups__isnull=True).order_by("pk").first() \
        or users.filter(membership_status="approved", is_superuser=False).order_by("pk").first()
    moderator = users.filter(groups__name=MODERATOR_GROUP).order_by("pk").first()
    writer, mod = Client(), Client()
    writer.force_login(member)
    mod.force_login(moderator)
    longest = Topic.objects.filter(is_locked=False, category__visibility="public").order_by("-post_count", "pk").first()
    short = Topic.objects.filter(is_locked=False, category__visibility="public", post_count__lte=5).order_by("pk").first() or longest

    def reply(topic):
        def action(i):
            url = reverse("forum:reply", args=[topic.pk])
            return writer.post(url, {"body": f"Відповідь для вимірювання {i}: досвід громади з бюджетом участі."}).status_code
        return action

    figures = {
        f"reply to a short topic ({short.post_count} posts)": _timed(reply(short)),
        f"reply to the longest topic ({longest.post_count} posts)": _timed(reply(longest)),
    }
    own = list(Post.objects.filter(author=member, topic=longest).order_by("-pk")[:REPEAT + 1])
    figures["edit a reply"] = _timed(lambda i: writer.post(
        reverse("forum:post_edit", args=[own[i].pk]), {"body": f"Виправлена відповідь {i}: досвід громади з бюджетом участі."}).status_code)
    figures["hide a reply (moderator)"] = _timed(lambda i: mod.post(
        reverse("forum:post_hide", args=[own[i].pk]), {"reason": "Вимірювання шляху модерації."}).status_code)
    practice = PracticePage.objects.live().filter(locale__language_code="uk").order_by("-pk").first()

    def publish(i):
        page = practice.specific_class.objects.get(pk=practice.pk)
        page.title = f"{practice.title.split(' [')[0]} [{i}]"
        page.save_revision(user=moderator).publish(user=moderator)
        return 200

    figures["publish a practice page"] = _timed(publish)
    return figures


# ------------------------------------------------------------------------------------------------ page weight
class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and set((attrs.get("rel") or "").split()) & {"stylesheet", "icon", "preload", "manifest"}:
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "img" and attrs.get("srcset"):
            self.urls.append(attrs["srcset"].split(",")[0].split()[0])


def _css_assets(text):
    return re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", text)


def page_weight(client, url):
    """{html, assets, total} in bytes as sent (gzip) and raw, for a first visit to `url`."""
    from django.contrib.staticfiles import finders
    from django.conf import settings

    response = client.get(url)
    html = response.content
    parser = _Assets()
    parser.feed(html.decode(response.charset or "utf-8"))
    seen, files, pending = set(), [], list(parser.urls)
    while pending:
        asset = pending.pop(0).split("#")[0].split("?")[0]
        if asset in seen or asset.startswith(("http:", "https:", "//", "data:")):
            continue
        seen.add(asset)
        content = None
        if asset.startswith(settings.STATIC_URL):
            found = finders.find(asset[len(settings.STATIC_URL):])
            content = Path(found).read_bytes() if found else None
        if content is None:
            fetched = client.get(asset)
            content = b"".join(fetched) if fetched.status_code == 200 and getattr(fetched, "streaming", False) else (
                fetched.content if fetched.status_code == 200 else None)
        if content is None:
            continue
        files.append((asset, content))
        if asset.endswith(".css"):
            base = asset.rsplit("/", 1)[0] + "/"
            pending += [u if u.startswith("/") else base + u for u in _css_assets(content.decode("utf-8", "replace"))]

    def wire(name, content):
        compressible = name.endswith((".css", ".js", ".svg", ".json", ".webmanifest")) or name == "html"
        return len(gzip.compress(content, 6)) if compressible else len(content)

    assets_raw = sum(len(c) for _, c in files)
    assets_wire = sum(wire(n, c) for n, c in files)
    html_wire = wire("html", html)
    return {"html_raw": len(html), "html_wire": html_wire, "assets": len(files), "assets_raw": assets_raw,
            "assets_wire": assets_wire, "total_raw": len(html) + assets_raw, "total_wire": html_wire + assets_wire,
            "files": [n for n, _ in files]}
