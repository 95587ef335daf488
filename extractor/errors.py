"""Exceptions shared by every stage.

Every error that the command line turns into exit status 2 derives from :class:`InputError`;
its message is one line that names the file and the problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any


class ExtractorError(Exception):
    """Base class of the toolkit's own errors."""


class InputError(ExtractorError):
    """An input the toolkit cannot read: wrong type, corrupt, encrypted, empty, too large.

    Args:
        path: The file the problem is in.
        problem: What is wrong, in a few words ("encrypted PDF; pass --password").
    """

    def __init__(self, path: str | PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.path}: {self.problem}")


class NotAChangeForm(InputError):
    """A readable file that holds no change table (callers may read it as a document instead)."""


class UsageError(ExtractorError):
    """A bad option value or combination given on the command line or in a config."""


class ConfigError(ExtractorError):
    """Rule or resource data that does not have the expected shape.

    Args:
        source: The data file (or resource name) holding the bad value.
        problem: What was wrong and what was expected.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        super().__init__(f"{source}: {problem}")


def check_keys(data: Any, allowed: Iterable[str], source: str, required: Iterable[str] = ()) -> dict[str, Any]:
    """Check that rule data is a mapping with only allowed keys and every required one (medspaCy style).

    Args:
        data: The parsed YAML/JSON value.
        allowed: The keys it may have.
        source: The file (and place in it) for the message.
        required: The keys it must have.

    Returns:
        ``data`` as a dict.

    Raises:
        ConfigError: Not a mapping, a key unknown (the allowed ones are listed) or one missing.
    """
    if not isinstance(data, Mapping):
        raise ConfigError(source, f"expected a mapping, got {type(data).__name__}")
    allowed = set(allowed)
    unknown = set(data) - allowed
    if unknown:
        raise ConfigError(source, f"unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    missing = set(required) - set(data)
    if missing:
        raise ConfigError(source, f"missing keys {sorted(missing)}")
    return dict(data)
