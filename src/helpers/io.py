"""Atomic, reproducible writes of the processed tables; never under ``data/raw``.

Every writer here (1) refuses a target under the raw data folder
(:func:`helpers.paths.ensure_not_raw`), (2) writes to a temporary file in the target's folder and
moves it into place with :func:`os.replace`, so a reader never sees half a file and an interrupted
run leaves the old file intact, and (3) writes bytes that depend on the content only (no
timestamps, fixed column order, sorted JSON keys where asked), so that rerunning a step gives
byte-identical files.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> p = write_json({"b": 1, "a": [1.5, None]}, d / "x.json")
>>> p.read_text()
'{\\n  "b": 1,\\n  "a": [\\n    1.5,\\n    null\\n  ]\\n}\\n'
>>> len(sha256_file(p))
64
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from helpers.paths import ensure_not_raw

#: libyaml's safe loader when present: six times faster than the pure-Python one, which cost
#: every notebook a tenth of a second per wave.yml.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = [
    "atomic_write_bytes",
    "write_text",
    "write_json",
    "write_csv",
    "write_parquet",
    "sha256_file",
    "sha256_tree",
    "sha256_bytes",
]


def atomic_write_bytes(path: str | Path, data: bytes, raw_root: str | Path | None = None) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder + ``os.replace``).

    Parameters
    ----------
    path : str or Path
        Target file; its folder is created when missing.
    data : bytes
        The complete content.
    raw_root : str or Path, optional
        An extra raw folder to refuse besides :data:`helpers.paths.RAW_DIR` (e.g. the wave folder
        being cleaned when it lives outside the checkout).

    Returns
    -------
    Path
        The resolved target.

    Raises
    ------
    helpers.errors.InputError
        When ``path`` lies under a raw data folder.
    """
    target = ensure_not_raw(path, raw_root)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def write_text(text: str, path: str | Path, raw_root: str | Path | None = None) -> Path:
    """Write UTF-8 text atomically (``\\n`` line endings, as given)."""
    return atomic_write_bytes(path, text.encode("utf-8"), raw_root)


def write_json(
    obj: Any, path: str | Path, raw_root: str | Path | None = None, sort_keys: bool = False
) -> Path:
    """Write ``obj`` as indented UTF-8 JSON (non-ASCII kept, trailing newline), atomically."""
    text = json.dumps(
        _finite(obj),
        indent=2,
        ensure_ascii=False,
        sort_keys=sort_keys,
        default=_json_default,
        allow_nan=False,
    )
    return write_text(text + "\n", path, raw_root)


def write_csv(df, path: str | Path, raw_root: str | Path | None = None) -> Path:
    """Write a DataFrame as UTF-8 CSV (``,``, ``\\n``, no index), atomically."""
    text = df.to_csv(index=False, lineterminator="\n")
    return write_text(text, path, raw_root)


def write_parquet(
    df, path: str | Path, raw_root: str | Path | None = None, labels: bool = True
) -> Path:
    """Write a DataFrame as parquet (pyarrow, no index, zstd), atomically and reproducibly.

    The bytes depend only on the frame, the codebook and the pyarrow version: pyarrow stores no
    write time. With ``labels``, a processed table of the codebook (``respondents.parquet``,
    ``ratings.parquet``) carries its labels as metadata, readable by any parquet reader
    (pyarrow, duckdb, R's arrow): the table's description in the schema metadata, each column's
    label and value labels in its field metadata
    (:meth:`helpers.codebook.Codebook.table_metadata`).

    Examples
    --------
    >>> import tempfile, pathlib, json, pandas as pd, pyarrow.parquet as pq
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "ratings.parquet"
    >>> _ = write_parquet(pd.DataFrame({"organisation": ["IND"], "value": [5.0]}), p)
    >>> field = pq.read_schema(p).field("organisation")
    >>> field.metadata[b"label_en"], json.loads(field.metadata[b"value_labels"])["en"]["DTV"]
    (b'organisation', 'DT&V')
    """
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    if labels:
        table = _with_labels(table, Path(path).name)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return atomic_write_bytes(path, buf.getvalue(), raw_root)


def read_parquet(path: str | Path):
    """One parquet file -> DataFrame, as :func:`pandas.read_parquet` returns it.

    Reads the single file with :class:`pyarrow.parquet.ParquetFile`; ``pandas.read_parquet``
    goes through ``pyarrow.dataset``, whose import alone costs a notebook about 0.25 s.
    """
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).read().to_pandas()


def _with_labels(table, file_name: str):
    """``table`` with the codebook's labels of ``file_name`` as schema and field metadata."""
    import pyarrow as pa

    from helpers.codebook import load_codebook

    meta, fields = load_codebook().table_metadata(file_name, table.column_names)
    if not meta:
        return table
    schema = pa.schema(
        [f.with_metadata({**(f.metadata or {}), **fields.get(f.name, {})}) for f in table.schema],
        metadata={**(table.schema.metadata or {}), **meta},
    )
    return table.cast(schema)


def load_yaml(source) -> Any:
    """YAML text or an open text file -> Python objects, safely (no arbitrary tags).

    ``yaml.safe_load`` with libyaml's loader; raises ``yaml.YAMLError`` on bad YAML.

    >>> load_yaml("{wave: 2017-Q2, n: [1, 2]}")
    {'wave': '2017-Q2', 'n': [1, 2]}
    """
    return yaml.load(source, Loader=_SAFE_LOADER)


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    """The first 16 hex digits of the SHA-256 of an answer (surrounding white space stripped).

    The key of an approved quote (:mod:`helpers.privacy`): an approval lapses when the text
    changes. Here, in the foundation, so that the demo can approve answers too.

    Examples
    --------
    >>> text_hash("Sneller beslissen.")
    '7ff543de14841dce'
    >>> text_hash("  Sneller beslissen.\\n") == text_hash("Sneller beslissen.")
    True
    """
    return sha256_bytes(str(text).strip().encode("utf-8"))[:16]


def sha256_tree(path: str | Path) -> str:
    """Hex SHA-256 of a file, or of every file below a folder (relative names and contents).

    A missing path hashes to a fixed value, so "absent" is a state like any other.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("x")
    >>> sha256_tree(d) == sha256_tree(d) != sha256_tree(d / "missing")
    True
    """
    path = Path(path)
    h = hashlib.sha256()
    if path.is_file():
        h.update(path.name.encode())
        h.update(bytes.fromhex(sha256_file(path)))
    elif path.is_dir():
        for sub in sorted(p for p in path.rglob("*") if p.is_file()):
            h.update(sub.relative_to(path).as_posix().encode())
            h.update(bytes.fromhex(sha256_file(sub)))
    else:
        h.update(b"<missing>")
    return h.hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes (read in blocks)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _finite(obj: Any) -> Any:
    """Replace NaN and infinities (not valid JSON) by ``None``, recursively."""
    import math

    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    try:
        import numpy as np

        if isinstance(obj, np.floating):
            return _finite(float(obj))
    except ImportError:  # pragma: no cover
        pass
    return obj


def _json_default(obj: Any):
    import numpy as np

    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return None if np.isnan(obj) else float(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")
