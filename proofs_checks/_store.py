"""The results store of the sweeps: one Parquet file per finished record, in one folder per sweep.

A record is keyed by (sweep, parameters, seed, code version). It is written by the client the
moment its task returns, to a temporary name first and then renamed (``os.replace`` is atomic
on one file system), so a sweep that is interrupted — the client killed, a worker killed, the
machine stopped — keeps every record that was finished and never holds half a record. A rerun
reads the keys present and skips them. ``compact`` merges the one-row files of a sweep into
one file (the keys stay the same, so resuming still works). Parquet needs pyarrow (the
``sweep`` extra); pandas reads the folder back as one DataFrame.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["ResultsStore", "canonical_params", "finished", "record_key"]

#: the columns every record has besides its parameters and outputs
KEY_COLUMNS = ("sweep", "params", "seed", "rep", "code_version", "key")


def _require_parquet() -> None:
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise ValueError("the results store needs pandas and pyarrow: "
                         "pip install 'reluflow[sweep]'") from None


def canonical_params(params: Mapping[str, Any]) -> str:
    """The parameters as canonical JSON (sorted keys, floats by repr): one text per point."""
    return json.dumps({k: params[k] for k in sorted(params)}, sort_keys=True,
                      separators=(",", ":"))


def record_key(sweep: str, params: Mapping[str, Any], seed: int, rep: int,
               code_version: str) -> str:
    """The record's identity: a hash of (sweep, parameters, seed, repetition, code version)."""
    text = json.dumps([sweep, canonical_params(params), int(seed), int(rep), code_version])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class ResultsStore:
    """A folder of Parquet records; ``root/<sweep>/*.parquet``."""

    def __init__(self, root: str | os.PathLike) -> None:
        _require_parquet()
        self.root = Path(root)

    def folder(self, sweep: str) -> Path:
        return self.root / sweep

    def _files(self, sweep: str) -> list[Path]:
        d = self.folder(sweep)
        return sorted(d.glob("*.parquet")) if d.is_dir() else []

    def keys(self, sweep: str) -> set[str]:
        """The keys of the finished records of ``sweep`` (every code version)."""
        import pyarrow.parquet as pq

        out: set[str] = set()
        for f in self._files(sweep):
            out.update(pq.read_table(f, columns=["key"]).column("key").to_pylist())
        return out

    def write(self, record: Mapping[str, Any]) -> Path:
        """Write one finished record (it must carry every key column), atomically."""
        import pandas as pd

        missing = [c for c in KEY_COLUMNS if c not in record]
        if missing:
            raise ValueError(f"a record needs the columns {missing}")
        d = self.folder(str(record["sweep"]))
        d.mkdir(parents=True, exist_ok=True)
        final = d / f"rec-{record['key']}.parquet"
        tmp = d / f".tmp-{uuid.uuid4().hex}"
        pd.DataFrame([dict(record)]).to_parquet(tmp, index=False)
        os.replace(tmp, final)
        return final

    def load(self, sweep: str, *, code_version: str | None = None):
        """The records of ``sweep`` as a DataFrame (only ``code_version``'s when given)."""
        import pandas as pd

        files = self._files(sweep)
        if not files:
            return pd.DataFrame(columns=list(KEY_COLUMNS))
        frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
        frame = frame.drop_duplicates("key", keep="last").reset_index(drop=True)
        if code_version is not None:
            frame = frame[frame["code_version"] == code_version].reset_index(drop=True)
        return frame

    def compact(self, sweep: str) -> Path | None:
        """Merge the sweep's record files into one (written before the parts are removed, so
        a crash in between leaves duplicates, which ``load`` drops, never a loss)."""
        files = self._files(sweep)
        if len(files) <= 1:
            return files[0] if files else None
        frame = self.load(sweep)
        d = self.folder(sweep)
        final = d / f"all-{uuid.uuid4().hex[:12]}.parquet"
        tmp = d / f".tmp-{uuid.uuid4().hex}"
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, final)
        for f in files:
            f.unlink()
        return final

    def export(self, sweep: str, path: str | os.PathLike, *,
               code_version: str | None = None) -> Path:
        """Write the records to ``path``: CSV or Parquet by its suffix."""
        path = Path(path)
        frame = self.load(sweep, code_version=code_version)
        if path.suffix == ".csv":
            frame.to_csv(path, index=False)
        elif path.suffix == ".parquet":
            frame.to_parquet(path, index=False)
        else:
            raise ValueError(f"export: the file must end in .csv or .parquet, got {str(path)!r}")
        return path


def finished(store: ResultsStore | None, sweep: str, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` the store already holds."""
    if store is None:
        return set()
    return store.keys(sweep) & set(keys)
