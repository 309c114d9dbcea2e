"""Artefacts built from the project's own files and kept in models/ (not in git): one file per set of
inputs, named by their fingerprint, so that a change to the inputs builds it again."""

import os
from pathlib import Path

MODELS = Path(__file__).resolve().parent.parent / "models"


def kept_path(name: str, fingerprint: str) -> Path:
    return MODELS / f"{name}-{fingerprint}.pkl"


def keep(name: str, fingerprint: str, data: bytes) -> Path:
    """Writes the artefact whole (a reader never sees half a file, when two processes start together) and
    drops the ones built from older inputs."""
    path = kept_path(name, fingerprint)
    MODELS.mkdir(exist_ok=True)
    for old in MODELS.glob(f"{name}-*.pkl"):
        old.unlink(missing_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)
    return path
