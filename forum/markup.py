"""Markdown for posts: rendered with markdown-it-py, sanitised with nh3, links marked nofollow/ugc."""

import re

import nh3
from django.contrib.auth import get_user_model
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable("strikethrough").enable("table")

ALLOWED_TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
    "strong", "em", "del", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "th": {"align"}, "td": {"align"}}
MENTION_RE = re.compile(r"(?<![\w@/])@([\w.+-]{2,150})", re.UNICODE)


def render(text):
    """Markdown to safe HTML. Raw HTML is shown as text; scripts, event handlers and javascript: URLs never pass."""
    html = _markdown.render(text)
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )
    return _link_mentions(html)


def mentioned_usernames(text):
    return {match.group(1).rstrip(".") for match in MENTION_RE.finditer(text)}


def _link_mentions(html):
    names = {m.group(1).rstrip(".") for m in MENTION_RE.finditer(html)}
    if not names:
        return html
    existing = set(
        get_user_model().objects.filter(username__in=names, is_active=True).values_list("username", flat=True)
    )
    if not existing:
        return html
    from django.urls import reverse

    def replace(match):
        name = match.group(1).rstrip(".")
        if name not in existing:
            return match.group(0)
        url = reverse("members:profile", kwargs={"username": name})
        return match.group(0).replace(f"@{name}", f'<a class="mention" href="{url}">@{name}</a>', 1)

    # Only outside tags and outside existing links/code.
    parts = re.split(r"(<a\b.*?</a>|<code>.*?</code>|<pre>.*?</pre>|<[^>]+>)", html, flags=re.S)
    return "".join(part if part.startswith("<") else MENTION_RE.sub(replace, part) for part in parts)


def quote(post):
    """Markdown that quotes a post, for the reply form."""
    author = post.author.username if post.author else ""
    lines = "\n".join(f"> {line}" for line in post.body.splitlines())
    return f"> **@{author}** [#{post.number}]({post.get_absolute_url()}):\n{lines}\n\n"
