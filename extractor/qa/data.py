"""Loading the QA rules' data files shipped in ``extractor/resources/qa/``."""

from __future__ import annotations

import csv
import io
import lzma
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from extractor.errors import ConfigError, check_keys

_PACKAGE = "extractor"
_BASE = "resources/qa"


def resource_name(name: str) -> str:
    """The package-relative name of a QA data file, for error messages."""
    return f"{_BASE}/{name}"


@lru_cache(maxsize=64)
def read_bytes(name: str) -> bytes:
    """Return the bytes of ``resources/qa/<name>``; ``.xz`` files are decompressed.

    Raises:
        ConfigError: The file is missing.
    """
    path = resources.files(_PACKAGE).joinpath(resource_name(name))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(resource_name(name), "data file missing from the package") from None
    return lzma.decompress(data) if name.endswith(".xz") else data


def read_text(name: str) -> str:
    """Return ``resources/qa/<name>`` as UTF-8 text."""
    return read_bytes(name).decode("utf-8-sig")


def read_yaml(name: str) -> Any:
    """Parse ``resources/qa/<name>`` as YAML."""
    try:
        return yaml.safe_load(read_text(name))
    except yaml.YAMLError as exc:
        raise ConfigError(resource_name(name), f"not valid YAML: {exc}") from None


def read_csv(name: str) -> list[dict[str, str]]:
    """Parse ``resources/qa/<name>`` as CSV with a header row ('#' lines are comments)."""
    lines = [line for line in read_text(name).splitlines() if not line.lstrip().startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def read_word_list(name: str) -> list[str]:
    """Return the non-empty, non-comment lines of a word list, stripped."""
    out = []
    for line in read_text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out



__all__ = ["check_keys", "read_bytes", "read_csv", "read_text", "read_word_list", "read_yaml", "resource_name"]
