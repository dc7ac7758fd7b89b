"""A small HTML reader for tests that assert the structure of a page: every start tag with its attributes, the
tags it is inside, and the text inside it."""

from html.parser import HTMLParser


class Elements(HTMLParser):
    """Every start tag with its attributes, the tags it is inside and its text."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.open, self.found = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "inside": [e["tag"] for e in self.open], "text": ""}
        self.found.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def all(self, tag, **attrs):
        return [e for e in self.found if e["tag"] == tag and all(e["attrs"].get(k) == v for k, v in attrs.items())]

    def one(self, tag, **attrs):
        found = self.all(tag, **attrs)
        assert len(found) == 1, (tag, attrs, found)
        return found[0]
