"""One search over the knowledge base and the forum; the backend is chosen by SEARCH_URL."""

from functools import lru_cache

from django.conf import settings


def get_backend():
    return _backend_for(settings.SEARCH_URL)


@lru_cache(maxsize=4)
def _backend_for(url):
    from .backends import backend_from_url

    return backend_from_url(url)
