"""Local development: debug on, console e-mail (printed by the worker), SQLite and embedded search by default."""

from .base import *  # noqa: F401,F403
from .env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
