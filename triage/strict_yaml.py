"""The clinical files as YAML, with one rule plain YAML lacks: a key written twice is an error naming the
file and the line, not a silent overwrite (hard_to_wake once had two `absent:` lists and only the
second was used)."""

from pathlib import Path
from typing import Any, Set

import yaml


class DuplicateKey(ValueError):
    pass


# libyaml's parser when PyYAML was built with it (about ten times faster on the evaluation sets)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]  # PyYAML has no type stubs here
    pass


def _mapping_without_duplicates(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: Set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise DuplicateKey(f"{mark.name}: line {mark.line + 1}: {key!r} is written twice")
        seen.add(key)
    return loader.construct_mapping(node, deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def load_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as stream:
        return yaml.load(stream, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def prose(text: str) -> str:
    """A text from a YAML file as it is said: runs of spaces made one, and the line breaks of a literal
    (|) text kept, so a list stays a list."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
