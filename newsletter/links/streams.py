"""httpcore's network backend on asyncio's own streams, for every connection a fetch opens.

httpcore's default backend is anyio's, which puts each read and write inside a cancel scope
(`anyio.fail_after`): a task lookup, a scope object and a timer per call, about a sixth of a
small request's CPU on the event loop. asyncio's `timeout` does the same job for less, and the
build is asyncio only. Errors become httpcore's, as its anyio backend makes them (a timeout is a
ReadTimeout; a refused connection a ConnectError with the OSError as its cause), so the
Fetcher reads failures the same way whichever backend opened the connection.
"""

from __future__ import annotations

import asyncio
import ssl

import httpcore
from httpcore._utils import is_socket_readable

# What a broken connection raises: a reset, a closed transport, TLS failing mid-stream
_BROKEN = (OSError, ssl.SSLError, asyncio.IncompleteReadError)


class AsyncioStream(httpcore.AsyncNetworkStream):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self._reader, self._writer = reader, writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError as error:
            raise httpcore.ReadTimeout("timed out reading") from error
        except _BROKEN as error:
            raise httpcore.ReadError(str(error) or type(error).__name__) from error

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            self._writer.write(buffer)
            async with asyncio.timeout(timeout):
                await self._writer.drain()
        except TimeoutError as error:
            raise httpcore.WriteTimeout("timed out writing") from error
        except _BROKEN as error:
            raise httpcore.WriteError(str(error) or type(error).__name__) from error

    async def aclose(self) -> None:
        # Aborted, as anyio's backend closes a connection (without TLS's close_notify): asyncio's
        # close of a TLS connection waits, up to 30 s, for the server to answer its close_notify,
        # and one that never does (an idle server, most at the end of a build) is still open
        # when the event loop closes, a socket left to the garbage collector.
        self._writer.transport.abort()
        # The socket itself is closed on the loop's next turn: waited for, so that a connection
        # closed is gone before one opened in its place (links/sockets.py's limit).
        await asyncio.sleep(0)

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError as error:
            self._writer.close()
            raise httpcore.ConnectTimeout("timed out in the TLS handshake") from error
        except _BROKEN as error:
            self._writer.close()
            # Raised inside the `except`: httpcore's pool re-raises `from None`, and the Fetcher
            # finds the OSError that says what happened as the context left in the chain.
            if not (isinstance(error, ConnectionResetError) and error.errno is None):
                raise httpcore.ConnectError(str(error) or type(error).__name__) from error
        except BaseException:  # the CA bundle unreadable (trust.py), a cancel: no handshake will come
            self._writer.transport.abort()
            raise
        else:
            return self
        # An errno-less ConnectionResetError is asyncio's word for a server that hangs up in the
        # handshake (a TLS-filtering firewall does): no reset, which the Fetcher would report, but
        # a host that could not be connected to, raised here with no reset in its chain.
        raise httpcore.ConnectError("the server closed the connection during the TLS handshake")

    def get_extra_info(self, info: str):
        if info == "ssl_object":
            return self._writer.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        if info == "socket":
            return self._writer.get_extra_info("socket")
        if info == "is_readable":  # an idle pooled connection the server has closed
            sock = self._writer.get_extra_info("socket")
            return sock is None or is_socket_readable(sock)
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, local_addr=(local_address, 0) if local_address else None
                )
        except TimeoutError as error:
            raise httpcore.ConnectTimeout(f"timed out connecting to {host}") from error
        except OSError as error:
            raise httpcore.ConnectError(str(error) or type(error).__name__) from error
        sock = writer.get_extra_info("socket")
        for option in socket_options or ():  # (asyncio sets TCP_NODELAY itself)
            sock.setsockopt(*option)
        return AsyncioStream(reader, writer)

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
