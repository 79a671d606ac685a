"""The shipped specification kept, checked and parsed, beside the spec package's bytecode
(issue 13): reading forms/*.toml and resources/vocabularies/ and checking them is the
largest piece of a start that is the application's own (about 55 ms of CPU, several
times that on a busy machine); reading it back kept takes about 6 ms.

It is kept in desktop_app/spec/__pycache__/ under a key made of every byte it was made
from: the form files, every file of the vocabularies folder (the data files too), this
package's code and the Python version. Any change to one of them makes it stale, and it
is read and checked again (and kept again). Only a specification that loaded without a
problem is kept, so a broken form is always reported. Where the folder cannot be written
(an installation in a read-only place), and in a bundle (which carries no source to
digest), nothing is kept and every start reads the files, as before. The file is as
trusted as the bytecode beside it: whoever can write there can change the code itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from desktop_app.spec.model import Spec

PACKAGE = Path(__file__).resolve().parent
KEPT = PACKAGE / "__pycache__" / "shipped-spec.pickle"
KEY_BYTES = 32


def key_of(forms: Path, vocabularies: Path) -> bytes:
    """The digest of everything the specification is made from."""
    digest = hashlib.sha256(repr(sys.version_info[:3]).encode())
    sources = [sorted(forms.glob("*.toml")), sorted(vocabularies.rglob("*")),
               sorted(PACKAGE.glob("*.py"))]  # fmt: skip
    for paths in sources:
        for path in paths:
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def read_kept(key: bytes, where: Path = KEPT) -> Spec | None:
    """The kept specification if it was made from exactly what `key` digests."""
    try:
        data = where.read_bytes()
    except OSError:
        return None
    if data[:KEY_BYTES] != key:
        return None
    try:
        spec = pickle.loads(data[KEY_BYTES:])
    except Exception:  # a damaged or foreign file: the forms are read instead
        return None
    return spec if isinstance(spec, Spec) else None


def keep(key: bytes, spec: Spec, where: Path = KEPT) -> None:
    """Keep `spec` under `key` (written whole, then renamed); nothing if it cannot be."""
    partial = where.with_name(f".{where.name}.{os.getpid()}")
    try:
        where.parent.mkdir(exist_ok=True)
        partial.write_bytes(key + pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, where)
    except OSError:
        with contextlib.suppress(OSError):  # its folder may not be there either
            partial.unlink(missing_ok=True)


def load_kept(
    forms: Path, vocabularies: Path, load: Callable[[Path, Path], Spec], where: Path = KEPT
) -> Spec:
    """The specification of `forms` and `vocabularies`: kept if it is up to date, else
    loaded (and checked) by `load`, then kept."""
    if getattr(sys, "frozen", False) or not any(PACKAGE.glob("*.py")):
        # A bundle carries no source to digest: a kept file could outlive the code that
        # made it (a new version unpacked over an old one), so nothing is kept there.
        return load(forms, vocabularies)
    key = key_of(forms, vocabularies)
    spec = read_kept(key, where)
    if spec is None:
        spec = load(forms, vocabularies)  # raises SpecError for a broken specification
        keep(key, spec, where)
    return spec
