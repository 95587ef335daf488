"""Project configuration: ``extractor.toml`` or ``[tool.extractor]`` in ``pyproject.toml``.

Found as linters find theirs (ruff, codespell, Vale): ``--config PATH`` when given, else the
first ``extractor.toml``, or ``pyproject.toml`` with a ``[tool.extractor]`` table, in the working
directory or a folder above it; ``--no-config`` ignores them. Paths in the file are relative to
the file. Unknown keys and bad values are a :class:`~extractor.errors.ConfigError` naming the file
and the key (the command line exits 2)::

    [qa]
    select = ["spelling", "stale-reference"]   # default: all
    ignore = ["abbreviation"]
    [qa.severity]
    unit-style = "info"
    [qa.spelling]
    words = ["somatrogon"]
    word-files = ["words.txt"]                  # one word a line
    [qa.stale-reference]
    registry = "local_stale.yaml"              # same schema as the packaged registry; merged
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.errors import ConfigError, check_keys

CONFIG_NAME = "extractor.toml"


@dataclass(frozen=True)
class QAConfig:
    """The ``[qa]`` table.

    Attributes:
        select: Rule ids to run (None: all).
        ignore: Rule ids not to run.
        severity: Rule id to the severity its findings are given.
        words: Words the spelling rule takes as known (from ``words`` and ``word-files``).
        registry: A stale-reference registry merged with the packaged one.
        source: The file it was read from.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    words: frozenset[str] = frozenset()
    registry: Path | None = None
    source: str = ""

    @classmethod
    def from_dict(cls, data: object, source: Path) -> QAConfig:
        """Build from the parsed ``[qa]`` table.

        Raises:
            ConfigError: An unknown key, an unknown rule id or severity, a word file or registry
                that cannot be read.
        """
        from extractor.qa.finding import SEVERITIES
        from extractor.qa.settings import RULES

        where = str(source)
        table = check_keys(data, ("select", "ignore", "severity", "spelling", "stale-reference"), f"{where} [qa]")

        def rule_list(key: str) -> tuple[str, ...] | None:
            value = table.get(key)
            if value is None:
                return None
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(where, f"[qa] {key}: expected a list of rule ids")
            unknown = sorted(set(value) - set(RULES))
            if unknown:
                raise ConfigError(where, f"[qa] {key}: unknown rule ids {unknown}; expected some of {list(RULES)}")
            return tuple(value)

        severity = check_keys(table.get("severity", {}), RULES, f"{where} [qa.severity]")
        for rule, level in severity.items():
            if level not in SEVERITIES:
                raise ConfigError(where, f"[qa.severity] {rule} = {level!r}; expected one of {list(SEVERITIES)}")
        spelling = check_keys(table.get("spelling", {}), ("words", "word-files"), f"{where} [qa.spelling]")
        words = set(_strings(spelling.get("words", []), where, "[qa.spelling] words"))
        for name in _strings(spelling.get("word-files", []), where, "[qa.spelling] word-files"):
            path = source.parent / name
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(where, f"[qa.spelling] word-files: cannot read {str(path)!r} "
                                         f"({type(exc).__name__})") from None
            words.update(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
        stale = check_keys(table.get("stale-reference", {}), ("registry",), f"{where} [qa.stale-reference]")
        registry = None
        if "registry" in stale:
            if not isinstance(stale["registry"], str):
                raise ConfigError(where, "[qa.stale-reference] registry: expected a path")
            registry = source.parent / stale["registry"]
            if not registry.is_file():
                raise ConfigError(where, f"[qa.stale-reference] registry: no such file {str(registry)!r}")
        return cls(select=rule_list("select"), ignore=rule_list("ignore") or (), severity=dict(severity),
                   words=frozenset(w.lower() for w in words), registry=registry, source=where)

    def settings(self) -> dict[str, Any]:
        """The :class:`~extractor.qa.settings.QASettings` fields this table sets."""
        from extractor.qa.settings import RULES

        rules = tuple(r for r in (self.select or RULES) if r not in self.ignore)
        return {"rules": rules, "severity": dict(self.severity), "extra_words": self.words,
                "stale_registry": str(self.registry) if self.registry else None}


def _strings(value: object, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, f"{key}: expected a list of strings")
    return list(value)


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration upward from ``start`` (the working directory): its path and table.

    ``extractor.toml`` wins over ``pyproject.toml`` in the same folder; a ``pyproject.toml``
    without ``[tool.extractor]`` is passed over.
    """
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own, _read(own)
        project = candidate / "pyproject.toml"
        if project.is_file():
            table = _read(project).get("tool", {}).get("extractor")
            if table is not None:
                return project, table
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read the configuration ({type(exc).__name__}: {exc})") from None


def load_qa_config(explicit: str | None = None, *, disabled: bool = False) -> QAConfig | None:
    """The ``[qa]`` configuration: from ``explicit``, else found upward; None when there is none.

    Raises:
        ConfigError: The file cannot be read, or holds unknown keys or bad values.
    """
    if disabled:
        return None
    if explicit:
        path = Path(explicit)
        data = _read(path)
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("extractor", {})
    else:
        found = find_config()
        if found is None:
            return None
        path, data = found
    check_keys(data, ("qa",), str(path))
    return QAConfig.from_dict(data.get("qa", {}), path) if "qa" in data else None


__all__ = ["CONFIG_NAME", "QAConfig", "find_config", "load_qa_config"]
