"""Compiled templates kept in .newsletter/templates/, read back only if this user's tool wrote them.

Jinja's own file cache unpickles each file's header and runs the code object under it: a file
there is a program. .newsletter/ sits in the workspace, which a sync folder or a shared drive
hands to others (a collaborator, a damaged copy), and its compiled template, run by the next
build, ran whatever it held; one cut short (a full disk, a sync half done) ended the build in an
UnpicklingError traceback. Each file now ends in an HMAC under a key kept outside the workspace,
in this user's own cache folder: a file the key does not sign, or of another Python, or not a
regular file, is compiled again, as a changed template is, and written over.
"""

from __future__ import annotations

import contextlib
import hmac
import io
import marshal
import pickle
import types
from pathlib import Path

import jinja2
from jinja2.bccache import bc_magic

from newsletter.files import write_atomic
from newsletter.formats import kept_fragments
from newsletter.formats.own_key import SIGNATURE as _SIGNATURE
from newsletter.formats.own_key import own_key, signature
from newsletter.workspace import regular_bytes

_LARGEST = 16 << 20  # bytes: the shipped templates compile to tens of KB


class KeptCode(jinja2.FileSystemBytecodeCache):
    """The file cache, signed; what it read or wrote also kept in this process: each build makes
    its environments anew, and `build --all` read and unmarshalled every template again for
    each of the archive's editions. Keyed as the files are (the folder, the template's key),
    checked by the same checksum of its source; code objects are immutable, so environments
    share them as they share the files."""

    _code: dict[tuple[str, str], tuple[str, object]] = {}

    def get_source_checksum(self, source: str) -> str:
        # A template's code is its source's and the tool's `{% fragment %}` tag's, which compiles
        # to calls of that tag's methods: a workspace's code compiled before an upgrade changed
        # them was kept by its source alone, and run by the new tool (a TypeError, or a block
        # kept that is no longer to be). So the tag's own digest is a part of the key.
        return super().get_source_checksum(f"{source}\0{kept_fragments.COMPILED}")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self._code.get((self.directory, bucket.key))
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]
            return
        code = _signed_code(Path(self._get_cache_filename(bucket)), _header(bucket.checksum), own_key())
        if code is not None:
            bucket.code = code
            self._code[self.directory, bucket.key] = (bucket.checksum, code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[self.directory, bucket.key] = (bucket.checksum, bucket.code)
        key = own_key()
        if key is None:  # nowhere to keep a key: compiled again by the next process
            return
        with contextlib.suppress(OSError):  # a full disk: the next build compiles it again
            written = io.BytesIO()
            bucket.write_bytecode(written)
            data = written.getvalue()
            write_atomic(Path(self._get_cache_filename(bucket)), data + signature(key, data), durable=False)


def _header(checksum: str) -> bytes:
    """What Jinja writes before the code for a source of `checksum`: compared as bytes, never
    unpickled."""
    return bc_magic + pickle.dumps(checksum, 2)


def _signed_code(path: Path, header: bytes, key: bytes | None):
    """The code object in `path` if this user's key signed it for this source, else None."""
    if key is None:
        return None
    data = regular_bytes(path, _LARGEST)
    if data is None or len(data) < len(header) + _SIGNATURE or not data.startswith(header):
        return None
    body, signed = data[:-_SIGNATURE], data[-_SIGNATURE:]
    if not hmac.compare_digest(signed, signature(key, body)):
        return None
    try:
        code = marshal.loads(body[len(header) :])
    except (EOFError, ValueError, TypeError):  # (signed, then damaged on disk)
        return None
    return code if isinstance(code, types.CodeType) else None
