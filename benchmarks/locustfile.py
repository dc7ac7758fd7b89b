"""Load test of the site as a national community uses it (issue #15), for locust in headless mode:

    locust -f benchmarks/locustfile.py --headless -u 32 -r 8 -t 60s --host http://127.0.0.1:8001

benchmarks/server.py runs it against gunicorn (production settings) on a generated community; the plan it writes
(LOCUST_PLAN, a JSON file) names the pages to read, the queries to search for, the topics to reply to and one
signed-in session per member. The mix: anonymous readers (the library and the forum, half of the users), members
reading (a third), searchers and members who reply. Every answer but 200 (or the 302 after a reply) counts as
an error; so does a page that does not say what it should.

Cookies are sent by hand: the production settings mark them Secure, so a client over plain HTTP on 127.0.0.1
would drop them. The CSRF cookie is one the client chooses (Django accepts any 32-character secret) and the form
field repeats it; the Origin header is the server's own.
"""

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOCUST_PLAN"], encoding="utf-8").read())
_members = itertools.cycle(PLAN["members"])
CSRF_SECRET = uuid.uuid4().hex  # 32 characters


class Visitor(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    cookie = ""

    def get(self, url, name, must_contain=None):
        self.client.cookies.clear()
        headers = {"Cookie": self.cookie} if self.cookie else {}
        with self.client.get(url, name=name, headers=headers, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif must_contain and must_contain not in response.text:
                response.failure(f"no {must_contain!r} in the page")
            else:
                response.success()


class AnonymousReader(Visitor):
    weight = 16

    @task(2)
    def home(self):
        self.get("/", "home")

    @task(3)
    def library(self):
        page = random.choice([1, 1, 1, 2, 3, 10, 50])
        self.get(f"{PLAN['library']}?page={page}" if page > 1 else PLAN["library"], "library")

    @task(2)
    def library_filtered(self):
        self.get(random.choice(PLAN["library_filtered"]), "library, filtered")

    @task(6)
    def practice(self):
        self.get(random.choice(PLAN["practices"]), "practice")

    @task(2)
    def forum(self):
        self.get(random.choice(PLAN["forum"]), "forum index / category")

    @task(6)
    def topic(self):
        self.get(random.choice(PLAN["topics"]), "topic")


class MemberReader(Visitor):
    weight = 10

    def on_start(self):
        self.member = next(_members)
        self.cookie = f"{PLAN['session_cookie']}={self.member['session']}"

    @task(4)
    def topic(self):
        self.get(random.choice(PLAN["topics"]), "topic (member)", must_contain=self.member["name_marker"])

    @task(3)
    def practice(self):
        self.get(random.choice(PLAN["practices"]), "practice (member)")

    @task(1)
    def forum(self):
        self.get(random.choice(PLAN["forum"]), "forum index / category (member)")

    @task(1)
    def notifications(self):
        self.get(PLAN["notifications"], "notifications (member)")


class Searcher(Visitor):
    weight = 4

    @task
    def search(self):
        self.get(f"/search/?q={random.choice(PLAN['queries'])}", "search")


class Replier(Visitor):
    """A member who reads a topic and now and then replies to it (the forum allows 10 posts a minute)."""

    weight = 2
    wait_time = between(3.0, 8.0)

    def on_start(self):
        self.member = next(_members)
        self.cookie = f"{PLAN['session_cookie']}={self.member['session']}; {PLAN['csrf_cookie']}={CSRF_SECRET}"

    @task
    def reply(self):
        topic = random.choice(PLAN["reply_to"])
        self.get(topic["url"], "topic before a reply (member)")
        self.client.cookies.clear()
        body = f"Дякую за досвід, спробуємо в нашій громаді ({uuid.uuid4().hex[:8]})."
        with self.client.post(
            topic["reply_url"], data={"body": body, "csrfmiddlewaretoken": CSRF_SECRET}, name="reply (member)",
            headers={"Cookie": self.cookie, "Origin": self.host.rstrip("/"), "Referer": self.host.rstrip("/") + topic["url"]},
            allow_redirects=False, catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
