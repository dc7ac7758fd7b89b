"""Read the demo content's YAML files (the demo/ folder) and check their shape, so editing the demo is editing text.

Each file is a list of entries. An entry's shape is declared with `record()`: its fields in order, each either
REQUIRED or with the value it takes when left out; `check()` then looks at what entries refer to (slugs,
usernames). A mistake in a file is a DemoDataError (a CommandError) that names the file, the entry and the
field, so `manage.py load_demo` prints one line instead of a traceback. Tests point DEMO_DATA_DIR elsewhere.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import CommandError

REQUIRED = object()


class DemoDataError(CommandError):
    pass


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML without implicit timestamps: a date stays the text it is written as ("2020-07-14")."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def data_dir():
    return Path(getattr(settings, "DEMO_DATA_DIR", settings.BASE_DIR / "demo"))


def record(fields, *, convert=None):
    """A converter for a mapping with these fields ({name: REQUIRED or default}), returned as a dict in this order.

    `convert` maps a field to a function that checks (ValueError) and converts its value.
    """
    convert = convert or {}

    def check(value):
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping of {', '.join(fields)}, found {_kind(value)}")
        unknown = [name for name in value if name not in fields]
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r} (the fields are: {', '.join(fields)})")
        result = {}
        for name, default in fields.items():
            if name not in value:
                if default is REQUIRED:
                    raise ValueError(f"{name!r} is missing")
                result[name] = list(default) if isinstance(default, list) else default
                continue
            if default is REQUIRED and value[name] in (None, ""):
                raise ValueError(f"{name!r} is empty")
            if isinstance(default, list) and not isinstance(value[name], list):
                raise ValueError(f"{name!r}: expected a list, found {_kind(value[name])}")
            try:
                result[name] = convert[name](value[name]) if name in convert else value[name]
            except ValueError as error:
                raise ValueError(f"{name!r}: {error}") from None
        return result

    return check


def texts(value):
    """A converter for a list of text (slugs, tags, usernames)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"expected a list of text, found {_kind(value)}")
    return value


def list_of(convert):
    """A converter for a list whose items `convert` checks."""

    def check(value):
        if not isinstance(value, list):
            raise ValueError(f"expected a list, found {_kind(value)}")
        items = []
        for number, item in enumerate(value, start=1):
            try:
                items.append(convert(item))
            except ValueError as error:
                raise ValueError(f"item {number}: {error}") from None
        return items

    return check


def read(name, entry, *, label):
    """The entries of the demo file `name` (relative to the data folder), each checked and converted by `entry`."""
    path = data_dir() / name
    try:
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as error:
        raise DemoDataError(f"{path}: cannot be read ({error.strerror}).") from None
    except yaml.YAMLError as error:
        raise DemoDataError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(entries, list):
        raise DemoDataError(f"{path}: expected a list of {label}s, found {_kind(entries)}.")
    result = []
    for number, item in enumerate(entries, start=1):
        try:
            result.append(entry(item))
        except ValueError as error:
            raise DemoDataError(f"{path}: {label} {number}{_name(item)}: {error}.") from None
    return result


def check(name, entries, problem, *, label):
    """Raise the first problem found in the entries of the demo file `name`: `problem(entry)` is text or None."""
    for number, entry in enumerate(entries, start=1):
        found = problem(entry)
        if found:
            raise DemoDataError(f"{data_dir() / name}: {label} {number}{_name(entry)}: {found}.")


def unknown(what, names, known):
    """The problem with the first of `names` that is not among `known` (None when all are)."""
    for name in names:
        if name not in known:
            return f"unknown {what} {name!r}"
    return None


def _name(item):
    if isinstance(item, dict):
        for field in ("slug", "username", "title"):
            if isinstance(item.get(field), str):
                return f" ({item[field]})"
    return ""


def _kind(value):
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(type(value), type(value).__name__)
