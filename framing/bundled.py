"""Where the data bundled with the kit is: ``seeds/`` and ``data/`` (internal).

In a checkout they sit beside the package; in an installed wheel, inside it
(``framing/_bundled/``).
"""

from __future__ import annotations

from pathlib import Path

from framing.errors import CorpusError

__all__ = ["bundled_dir", "bundled_metadata_path"]

_HERE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """Find the bundled ``seeds/`` or ``data/`` folder (repo checkout or wheel).

    >>> (bundled_dir("data") / "seeds.yaml").is_file()
    True
    """
    for candidate in (_HERE.parent / name, _HERE / "_bundled" / name):
        if candidate.is_dir():
            return candidate
    raise CorpusError(f"The bundled {name}/ folder is missing from this installation of framing.")


def bundled_metadata_path() -> Path:
    """Path of the seed corpus metadata (``data/seeds.yaml``)."""
    return bundled_dir("data") / "seeds.yaml"
