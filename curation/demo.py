"""Demo submissions in every state (draft, in review, changes requested, published, rejected, withdrawn), made
through curation.services as a member and a moderator would, from demo_submissions.json; running it again
changes nothing. Needs the demo accounts (member, member2, moderator): without them it does nothing."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model

from cop.places.models import Hromada

from . import services
from .models import Submission

DATA = Path(__file__).with_name("demo_submissions.json")


class CurationDemo:
    def __init__(self, write=print):
        self.write = write

    def run(self):
        User = get_user_model()
        people = {user.username: user for user in User.objects.filter(username__in=["member", "member2", "moderator"])}
        if len(people) < 3:
            self.write("Curation demo: the demo accounts are missing, no submissions created.")
            return 0
        moderator = people["moderator"]
        created = 0
        for item in json.loads(DATA.read_text(encoding="utf-8")):
            author = people[item["author"]]
            if Submission.objects.filter(author=author, page__title=item["title"]).exists():
                continue
            hromada = Hromada.objects.filter(slug=item.get("hromada", "")).first()
            data = {
                "title": item["title"], "summary": item["summary"], "body": item["body"],
                "outcomes": item.get("outcomes", ""), "tags": item.get("tags", []), "context": item.get("context", "regular"),
                "hromada": hromada, "oblast": hromada.oblast if hromada else None,
                "contact_name": author.display_name, "contact_role": author.position,
            }
            state = item["state"]
            submission = services.submission_save(author=author, data=data, submit=state != "draft")
            if state == "changes_requested":
                services.review_request_changes(submission=submission, moderator=moderator, comment=item["comment"])
            elif state == "published":
                services.review_approve(submission=submission, moderator=moderator)
            elif state == "rejected":
                services.review_reject(submission=submission, moderator=moderator, reason=item["reason"])
            elif state == "withdrawn":
                services.submission_withdraw(submission=submission, user=author)
            created += 1
        self.write(f"Curation demo: {created} new submissions.")
        return created
