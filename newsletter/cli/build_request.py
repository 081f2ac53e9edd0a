"""What the waiting process (cli/build_server.py) takes for a build's request on its socket:
the shape cli/resident.py's `_request` sends, each value of its type, and nothing else."""

from __future__ import annotations

import codecs
import marshal

# What a command sends (resident._request), each with its type: a message of another shape (a
# program of the user's own, or another version of the tool, speaking on the socket) ended the
# waiting process in a traceback, or half took on a build with it before it did.
_REQUEST = {"root": str, "offline": bool, "cwd": str, "environ": dict, "umask": int, "argv": list, "path": list}


def request_in(data: bytes) -> dict | None:
    """The command's request in `data`, or None if it is not one."""
    try:
        request = marshal.loads(data)
        streams = request["streams"]
        if not all(isinstance(request[name], kind) for name, kind in _REQUEST.items()):
            return None
        environ = [text for pair in request["environ"].items() for text in pair]
        if not all(isinstance(text, str) and "\0" not in text for text in [*environ, request["cwd"]]):
            return None  # (os.environ and chdir refuse a NUL: after the environment was cleared)
        if len(streams) != 3 or not all(len(pair) == 2 and isinstance(pair[1], str) for pair in streams):
            return None
        if not all(codecs.lookup(encoding) for encoding, _ in streams):  # (LookupError: none such)
            return None
        if not isinstance(request["period"], str | None) or not all(isinstance(a, str) for a in request["argv"]):
            return None
    except (EOFError, ValueError, TypeError, KeyError, IndexError, LookupError):
        return None
    return request
