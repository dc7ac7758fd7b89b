"""Pagination that sorts and slices primary keys only, then reads the rows of one page.

A page of a long sorted list (`ORDER BY date LIMIT 12 OFFSET 588`) makes the database carry every row it sorts;
for Wagtail pages with a StreamField body that is most of the time of a library page at scale (issue #15: 28 ms
of the query were the rows, 2.7 ms the keys). Here the sort runs over the keys, and the twelve rows are read by
key, with whatever select_related/prefetch_related/annotations the queryset has.

Every key of the list is read, in order, by one query: the count is its length. A COUNT(*) beside the page's
`LIMIT 12 OFFSET n` would filter the same rows a second time (10 ms of the 9,000-practice library at 100k); the
keys themselves are a few bytes each. Meant for lists of up to some tens of thousands of rows (libraries, themes).
"""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    def __init__(self, object_list, per_page, **kwargs):
        self.rows = object_list
        super().__init__(list(object_list.values_list("pk", flat=True)), per_page, **kwargs)

    def _get_page(self, keys, number, paginator):
        keys = list(keys)
        by_key = {row.pk: row for row in self.rows.order_by().filter(pk__in=keys)}
        return super()._get_page([by_key[key] for key in keys if key in by_key], number, paginator)


def first_rows(queryset, count):
    """The first `count` rows of a sorted queryset, sorted and sliced by key first (see KeysFirstPaginator): for
    short lists of the newest pages, e.g. the home page's latest practices."""
    keys = list(queryset.values_list("pk", flat=True)[:count])
    by_key = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
    return [by_key[key] for key in keys if key in by_key]
