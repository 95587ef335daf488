"""Settings dataclasses that resolve from None, a dict of overrides or an instance (pdfplumber's way)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any, ClassVar, TypeVar

S = TypeVar("S", bound="Resolvable")


class Resolvable:
    """Mixin for a settings dataclass: ``resolve()`` turns None, a dict or an instance into settings.

    Subclasses name themselves in messages with ``SETTINGS_NAME`` and may convert nested values
    by overriding :meth:`coerce`.
    """

    SETTINGS_NAME: ClassVar[str] = "settings"

    @classmethod
    def resolve(cls: type[S], value: S | Mapping[str, Any] | None = None) -> S:
        """Return settings from None (defaults), a dict of overrides, or an instance.

        Raises:
            ValueError: A dict key that is not a setting (the message lists the allowed ones).
            TypeError: Any other type.
        """
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, Mapping):
            allowed = {f.name for f in fields(cls)}  # type: ignore[arg-type]
            unknown = set(value) - allowed
            if unknown:
                raise ValueError(f"unknown {cls.SETTINGS_NAME} {sorted(unknown)}; allowed: {sorted(allowed)}")
            return replace(cls(), **cls.coerce(dict(value)))  # type: ignore[type-var]
        raise TypeError(f"{cls.SETTINGS_NAME} must be None, a dict or {cls.__name__}, not {type(value).__name__}")

    @classmethod
    def coerce(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Convert override values before they are applied (nested settings); identity by default."""
        return values


__all__ = ["Resolvable"]
