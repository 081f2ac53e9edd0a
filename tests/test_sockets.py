"""The connections a run opens, counted by the server that accepts them: at most the limit open
at once, a host's idle ones kept while its links wait, another's closed only for a host that
needs one (links/sockets.py)."""

import asyncio
import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest

from newsletter.config import Fetch
from newsletter.errors import FetchError
from newsletter.links.fetch import Fetcher, make_client

PAGE = b"<!DOCTYPE html><html><head><title>A page</title></head><body>Words.</body></html>"
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(PAGE), PAGE)


class KeepAlive:
    """A server that keeps each connection open until the client closes it, a thread each, and
    counts: connections accepted, by the host their first request named, and the most open at
    once (asked of the sockets themselves as each is accepted, so a client's close that the
    server's threads have not read yet is not counted as open)."""

    def __init__(self, delay: float = 0.01):
        self.delay, self.lock = delay, threading.Lock()
        self.accepted, self.hosts, self.most_open = 0, Counter(), 0
        self.connections: set[socket.socket] = set()
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=1024)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def open_now(self) -> int:
        with self.lock:
            return sum(not _gone(connection) for connection in self.connections)

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection = self.listener.accept()[0]
                with self.lock:
                    self.accepted += 1
                    self.connections.add(connection)
                    self.most_open = max(self.most_open, sum(not _gone(c) for c in self.connections))
                threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        first = True
        try:
            while request := connection.recv(65536):
                if first:
                    host = next(line for line in request.split(b"\r\n") if line.lower().startswith(b"host:"))
                    with self.lock:
                        self.hosts[host.split(b":")[1].strip().decode()] += 1
                    first = False
                time.sleep(1.0 if request.startswith(b"GET /slow") else self.delay)
                connection.sendall(ANSWER)
        except OSError:
            pass
        finally:
            with self.lock:
                self.connections.discard(connection)
            connection.close()

    def close(self) -> None:
        self.listener.close()


def _gone(connection: socket.socket) -> bool:
    """Whether the client has closed this connection (its FIN or reset is here, unread)."""
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


@pytest.fixture
def keep_alive():
    server = KeepAlive()
    yield server
    server.close()


async def _anywhere(host: str) -> list[str]:
    return ["127.0.0.1"]  # every name a host of the test's server, as a DNS server would say


def fetch_all(urls_in_turn: list[list[str]], **settings) -> list[int]:
    """Each list of URLs fetched at once (as enrichment reads them), the lists one after another,
    by one Fetcher; the statuses."""
    config = Fetch(**{"timeout": 10.0, "allow_private_addresses": True, **settings})

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            fetcher.resolve = _anywhere
            statuses = []
            for urls in urls_in_turn:
                pages = await asyncio.gather(*(fetcher.get(url, head_only=False) for url in urls))
                statuses += [page.status for page in pages]
            return statuses

    return asyncio.run(go())


def test_a_hosts_idle_connections_are_kept_while_its_links_wait(keep_alive):
    """With more hosts × per-host connections wanted than the limit, a host whose next links
    waited for a connection had none in flight just then, and its idle ones were closed to make
    room and opened again: 5 hosts of 20 links at a limit of 20 made 74-96 connections, and more
    than 20 were open at once. Each host now opens its connections once."""
    hosts, links, per_host, limit = 5, 20, 6, 20
    urls = [f"http://host{h}.test:{keep_alive.port}/{n}" for n in range(links) for h in range(hosts)]
    assert fetch_all([urls], per_host=per_host, concurrency=limit) == [200] * len(urls)
    assert keep_alive.most_open == limit  # all of it used, never more
    assert max(keep_alive.hosts.values()) == per_host
    assert keep_alive.accepted == sum(keep_alive.hosts.values()) <= hosts * per_host


def test_many_hosts_of_few_links_stay_under_the_limit(keep_alive):
    """Hosts whose links are all answered give their idle connections up to the next hosts."""
    hosts, limit = 30, 8
    urls = [f"http://host{h}.test:{keep_alive.port}/{n}" for n in range(2) for h in range(hosts)]
    assert fetch_all([urls], per_host=6, concurrency=limit) == [200] * len(urls)
    assert keep_alive.most_open <= limit
    assert max(keep_alive.hosts.values()) <= 2  # a host's second link takes no more than its own


def test_the_connection_closed_for_another_host_is_the_least_recently_used_idle_one(keep_alive):
    def url(host: str) -> str:
        return f"http://{host}.test:{keep_alive.port}/"

    # a, then b: both idle; c needs a connection, a's is closed; b again reuses its own; a again
    # closes c's, now least recently used of the idle ones
    turns = [[url("a")], [url("b")], [url("c")], [url("b")], [url("a")]]
    assert fetch_all(turns, concurrency=2) == [200] * 5
    assert keep_alive.hosts == {"a.test": 2, "b.test": 1, "c.test": 1}
    assert keep_alive.most_open == 2


def test_each_origin_has_a_pool_of_its_own_and_closing_the_client_closes_them(keep_alive):
    # httpcore's one pool walks every queued request against every connection on each
    # arrival: quadratic with a month's links in flight. A pool per origin keeps that small.
    config = Fetch(timeout=10.0, allow_private_addresses=True)
    urls = [f"http://localhost:{keep_alive.port}/", f"http://127.0.0.1:{keep_alive.port}/"] * 3

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            pages = await asyncio.gather(*(fetcher.get(url, head_only=False) for url in urls))
            pools = client._transport.pools
            assert sorted(host for _, host, _ in pools) == [b"127.0.0.1", b"localhost"]
            assert keep_alive.open_now() == keep_alive.accepted > 0
        assert pools == {}
        return pages

    assert [page.status for page in asyncio.run(go())] == [200] * 6
    time.sleep(0.05)  # the server's side of each close
    assert keep_alive.open_now() == 0


def test_a_request_sent_on_the_client_itself_is_held_to_the_limit_too():
    """Not every request comes through the Fetcher's turns: one sent on the client is admitted
    by its pools, which close an idle connection for it past the limit."""
    from newsletter.links import addresses

    servers = [KeepAlive() for _ in range(3)]  # three origins: one host, three ports
    config = Fetch(timeout=10.0, allow_private_addresses=True, concurrency=2)

    async def go():
        open_after = []
        async with make_client(config) as client:
            for server in servers + servers[:1]:
                with addresses.pinned("localhost", ["127.0.0.1"]):
                    response = await client.get(f"http://localhost:{server.port}/")
                assert response.status_code == 200
                await asyncio.sleep(0.05)  # the server's side of a close
                open_after.append(sum(server.open_now() for server in servers))
        return open_after

    try:
        assert asyncio.run(go()) == [1, 2, 2, 2]
        assert [server.accepted for server in servers] == [2, 1, 1]  # the first's closed for the third
    finally:
        for server in servers:
            server.close()


def test_a_request_cut_off_by_its_timeout_gives_its_connection_back(keep_alive):
    """The Fetcher's timeout cancels a request inside httpcore: its socket is closed and
    counted as closed, so the next request, at a limit of one, gets a connection."""
    url = f"http://host.test:{keep_alive.port}"
    config = Fetch(timeout=0.2, allow_private_addresses=True, concurrency=1)

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            fetcher.resolve = _anywhere
            async with asyncio.timeout(20):  # (a connection never given back would hang here)
                with pytest.raises(FetchError, match="timed out"):
                    await fetcher.get(f"{url}/slow", head_only=False)
                return (await fetcher.get(f"{url}/fast", head_only=False)).status

    assert asyncio.run(go()) == 200
    assert keep_alive.most_open == 1


def test_httpcore_waits_on_asyncio_s_own_locks_and_events(keep_alive):
    """httpcore made its locks and events through anyio, whose asyncio backend took ~40 ms of a
    core to import before the first request could leave, and whose locks go round the event
    loop once each time they are taken. links/primitives.py gives it asyncio's: a fresh
    process fetching a page never imports anyio's backend (should httpcore make them under
    other names, this fails)."""
    child = f"""
import asyncio, sys
from newsletter.config import Fetch
from newsletter.errors import FetchError
from newsletter.links.fetch import Fetcher, make_client

async def go():
    config = Fetch(allow_private_addresses=True)
    async with make_client(config) as client:
        return (await Fetcher(client, config).get("http://127.0.0.1:{keep_alive.port}/", head_only=False)).status

print(asyncio.run(go()), "anyio._backends._asyncio" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["200", "False"]


@pytest.mark.parametrize("hosts", [1, 2])
def test_a_hosts_other_origin_may_take_its_idle_connection_when_its_links_wait_behind_it(hosts):
    """A host's idle connections are kept while its links wait for the host's slot; but the one
    holding that slot may be a request to another origin of the same host (https after http, or
    another port), which waited for a connection no other could give up: every idle one kept
    for links queued behind it. At a limit of 1, http://a/1, https://a/2, http://a/3 hung for
    ever (and at 2, with two such hosts). A request may now take an idle connection of another
    origin of its own host."""
    servers = [KeepAlive() for _ in range(2)]  # two origins of each host: one name, two ports

    async def go():
        config = Fetch(timeout=10.0, allow_private_addresses=True, concurrency=hosts, per_host=1)
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            fetcher.resolve = _anywhere
            urls = [
                f"http://h{h}.test:{server.port}/{n}"
                for n, server in enumerate(servers + servers[:1])
                for h in range(hosts)
            ]
            async with asyncio.timeout(30):  # (it hung)
                pages = await asyncio.gather(*(fetcher.get(url, head_only=False) for url in urls))
            return [page.status for page in pages]

    try:
        assert asyncio.run(go()) == [200] * (3 * hosts)
        assert sum(server.most_open for server in servers) <= 2 * hosts
    finally:
        for server in servers:
            server.close()


def test_an_httpcore_whose_private_modules_moved_still_fetches(keep_alive):
    """links/primitives.py reaches into httpcore's private modules; should a release move one,
    a build stopped at its first import with a traceback. httpcore's own primitives serve then."""
    child = f"""
import asyncio, sys
import httpcore._async
del httpcore._async.http_proxy
sys.modules["httpcore._async.http_proxy"] = None  # as if moved: importing it fails
from newsletter.config import Fetch
from newsletter.links.fetch import Fetcher, make_client

async def go():
    config = Fetch(allow_private_addresses=True)
    async with make_client(config) as client:
        return (await Fetcher(client, config).get("http://127.0.0.1:{keep_alive.port}/", head_only=False)).status

print(asyncio.run(go()))
"""
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True)
    assert (done.stdout.split(), done.stderr) == (["200"], "")
