"""Pagination that sorts and slices primary keys only, then reads the rows of one page.

A page of a long sorted list (`ORDER BY date LIMIT 12 OFFSET 588`) makes the database carry every row it sorts;
for Wagtail pages with a StreamField body that is most of the time of a library page at scale (issue #15: 28 ms
of the query were the rows, 2.7 ms the keys). Here the sort runs over the keys, and the twelve rows are read by
key, with whatever select_related/prefetch_related/annotations the queryset has.
"""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    def __init__(self, object_list, per_page, **kwargs):
        self.rows = object_list
        super().__init__(object_list.values_list("pk", flat=True), per_page, **kwargs)

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
