"""Demo content for the forum: categories, extra demo members and discussions, read from demo/forum/*.yaml.

The discussions are illustrative: the programme themes, hromadas and practices are real parts of the demo,
the people are fictional (…@example.org), and dates are spread over 2020–2025 as a real forum would be.
README.md ("Demo content") says how to add a discussion; this module only declares the files' shape.
"""

from cop.core import demo_data
from cop.core.demo_files import REQUIRED, check, list_of, read, record, texts, unknown
from knowledge import demo_content as knowledge_content

# (slug, name, description, position, theme slug or None, visibility)
CATEGORIES = [
    tuple(entry.values())
    for entry in read(
        "forum/categories.yaml",
        record({"slug": REQUIRED, "name": REQUIRED, "description": REQUIRED, "position": REQUIRED, "theme": None,
                "visibility": "public"}),
        label="category",
    )
]

# (username, e-mail, first, last, position, organisation, hromada slug): created only together with the demo
# accounts (development, DEBUG on), with the same password.
EXTRA_MEMBERS = [
    tuple(entry.values())
    for entry in read(
        "forum/members.yaml",
        record({"username": REQUIRED, "email": REQUIRED, "first_name": REQUIRED, "last_name": REQUIRED,
                "position": "", "organisation": "", "hromada": None}),
        label="member",
    )
]

# Each topic: category slug, title, tags, linked practice slug (or None), start ("YYYY-MM-DD HH:MM", Kyiv time),
# extra watchers, posts (the first one opens the topic; `hours` after the previous post, `reply_to` the number
# of the post it answers, `accepted` by the topic's author as the answer).
TOPICS = read(
    "forum/topics.yaml",
    record(
        {"category": REQUIRED, "title": REQUIRED, "tags": [], "practice": None, "start": REQUIRED, "watchers": [],
         "posts": REQUIRED},
        convert={"tags": texts, "watchers": texts, "posts": list_of(record(
            {"author": REQUIRED, "hours": REQUIRED, "body": REQUIRED, "helpful": [], "accepted": False,
             "reply_to": None},
            convert={"helpful": texts},
        ))},
    ),
    label="topic",
)


def _check_references():
    """A topic's category, practice and people exist, it has posts, and a reply answers an earlier post."""
    categories = {slug for slug, *_ in CATEGORIES}
    practices = {data["slug"] for data in knowledge_content.PRACTICES}
    # Who may write: the approved demo accounts (as forum.demo.demo_usernames) and the extra members.
    people = {username for username, *_rest, role, status in demo_data.ACCOUNTS if role and status == "approved"}
    people |= {username for username, *_ in EXTRA_MEMBERS}

    def problem(topic):
        posts = topic["posts"]
        if not posts:
            return "a topic needs at least one post"
        for number, post in enumerate(posts, start=1):
            if post["reply_to"] is not None and not 1 <= post["reply_to"] < number:
                return f"post {number} answers post {post['reply_to']}, which does not come before it"
        names = [name for post in posts for name in (post["author"], *post["helpful"])] + topic["watchers"]
        return (
            unknown("category", [topic["category"]], categories)
            or unknown("practice", [topic["practice"]] if topic["practice"] else [], practices)
            or unknown("username", names, people)
        )

    check("forum/topics.yaml", TOPICS, problem, label="topic")


_check_references()
