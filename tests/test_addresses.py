"""Which addresses a link may reach: cloud-metadata and link-local never, and the connection goes
to the address that was vetted (DNS rebinding), against real local servers."""

import asyncio
import socket

import pytest

from newsletter.config import Fetch
from newsletter.errors import FetchError
from newsletter.links.addresses import is_never_allowed
from newsletter.links.fetch import Fetcher, make_client

PAGE = "<!DOCTYPE html><html><head><title>Rebound</title></head><body></body></html>"


def fetch(url, *, dns=None, **settings):
    config = Fetch(**{"timeout": 1.0, "allow_private_addresses": True, **settings})

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            fetcher.backoff = 0.01
            if dns is not None:
                fetcher.resolve = dns
            return await fetcher.get(url)

    return asyncio.run(go())


@pytest.mark.parametrize(
    "address",
    ["169.254.169.254", "169.254.0.1", "fe80::1", "fd00:ec2::254", "100.100.100.200", "::ffff:169.254.169.254"],
)
def test_link_local_and_cloud_metadata_addresses_are_never_allowed(address):
    assert is_never_allowed(address)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "fd00::1", "100.100.100.201", "8.8.8.8"])
def test_other_addresses_are_left_to_the_setting(address):
    assert not is_never_allowed(address)


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/",
        "http://100.100.100.200/latest/meta-data/",
        "http://[fe80::1]/",
    ],
)
def test_a_redirect_to_cloud_metadata_is_refused_even_with_private_addresses_allowed(server, target):
    server.expect_request("/inward").respond_with_data("", status=302, headers={"Location": target})
    with pytest.raises(FetchError) as caught:
        fetch(server.url_for("/inward"), allow_private_addresses=True)
    assert caught.value.reason.startswith("refused: ")
    assert "cloud-metadata" in caught.value.reason
    assert [request.path for request, _ in server.log] == ["/inward"]


def test_the_connection_goes_to_the_vetted_address_not_a_second_lookup(server):
    """A DNS server that answers 127.0.0.1 (allowed here) once and then the metadata address:
    the fetch connects to what was vetted, so no second lookup can send it elsewhere. The
    system resolver does not know the name at all, so a second lookup would also fail."""
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    answers = [["127.0.0.1"]]
    asked = []

    async def rebinding_dns(host):
        asked.append(host)
        return answers.pop(0) if answers else ["169.254.169.254"]

    url = f"http://rebind.invalid:{server.port}/page"
    page = fetch(url, dns=rebinding_dns)
    assert page.text == PAGE
    assert asked == ["rebind.invalid"]
    ((request, _),) = server.log
    assert request.headers["Host"] == f"rebind.invalid:{server.port}"  # the name kept, for virtual hosts
    # The next lookup would say 169.254.169.254: refused before any connection.
    with pytest.raises(FetchError, match="cloud-metadata"):
        fetch(url, dns=rebinding_dns)
    assert len(server.log) == 1


def test_a_public_page_that_leads_to_a_private_address_is_refused_without_advice_to_allow_it(server, monkeypatch):
    """The setting's advice is for the user's own links to their network, not for someone
    else's page that redirects inward."""
    from newsletter.links import addresses

    public = addresses.is_public_address
    monkeypatch.setattr(addresses, "is_public_address", lambda address: address == "127.0.0.1" or public(address))
    names = {"public.test": ["127.0.0.1"], "intranet.test": ["10.0.0.5"]}

    async def dns(host):
        return names[host]

    server.expect_request("/moved").respond_with_data("", status=302, headers={"Location": "http://intranet.test/"})
    url = server.url_for("/moved").replace("localhost", "public.test")
    with pytest.raises(FetchError) as caught:
        fetch(url, dns=dns, allow_private_addresses=False)
    assert caught.value.reason == "refused: it leads to intranet.test, which resolves to a private address"
    assert caught.value.url == url and caught.value.kind == "private"


def _session(config, dns, urls, *, one_by_one=False):
    """Each URL's page, or its FetchError, from one Fetcher whose lookups `dns` answers."""

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            fetcher.resolve = dns

            async def one(url):
                try:
                    return await fetcher.get(url)
                except FetchError as error:
                    return error

            if one_by_one:
                return [await one(url) for url in urls]
            return await asyncio.gather(*(one(url) for url in urls))

    return asyncio.run(go())


def test_a_host_is_looked_up_once_a_session_for_all_its_links(server):
    """A month's links ask a few dozen hosts for hundreds of pages, and the lookups queue on a
    few threads: each host is looked up once, its answer vetted once and connected to by all."""
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    asked = []

    async def dns(host):
        asked.append(host)
        await asyncio.sleep(0.01)  # under way while the other links of the host ask
        return ["127.0.0.1"]

    urls = [f"http://{name}.invalid:{server.port}/page?{n}" for name in ("one", "two") for n in range(3)]
    pages = _session(Fetch(timeout=2.0, allow_private_addresses=True), dns, urls)
    assert [page.text for page in pages] == [PAGE] * 6
    assert sorted(asked) == ["one.invalid", "two.invalid"]


def test_a_lookup_that_failed_is_asked_again_by_the_next_link(server):
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    answers = [OSError("no answer"), ["127.0.0.1"]]

    async def dns(host):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    url = f"http://flaky.invalid:{server.port}/page"
    failed, page = _session(
        Fetch(timeout=2.0, allow_private_addresses=True), dns, [url, url + "?again"], one_by_one=True
    )
    assert failed.reason == "host flaky.invalid not found"
    assert page.text == PAGE


def test_a_lookup_that_hangs_is_given_up_after_the_timeout_and_said_to_be_slow(server):
    """A resolver that never answered left every link of its host "not found", as if the name did
    not exist, sending the author to check a link that was fine: it is said to be slow."""
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    settled = []

    async def hanging_dns(host):
        if host == "slow.invalid":
            await asyncio.Event().wait()
        settled.append(host)
        return ["127.0.0.1"]

    urls = [f"http://slow.invalid:{server.port}/page?{n}" for n in range(3)] + [
        f"http://quick.invalid:{server.port}/page"
    ]
    *slow, quick = _session(Fetch(timeout=0.3, allow_private_addresses=True), hanging_dns, urls)
    assert {error.reason for error in slow} == {"looking up host slow.invalid took more than 0.3 s"}
    assert {error.kind for error in slow} == {"unreachable"}
    assert quick.text == PAGE and settled == ["quick.invalid"]


def test_once_a_lookup_waited_in_vain_with_none_answered_the_next_ones_fail_at_once(server):
    """A DNS that takes queries and answers none (a train's hotspot, its network gone: new user
    54) made each lookup wait its timeout, one after another: a GitHub link's API host, then its
    page's, 20 s for `meta`. Once one has waited for nothing while none was answered, the next
    fail at once, saying why; one answer, even "no such host", and each waits its own time."""
    asked = []

    async def silent_dns(host):
        asked.append(host)
        await asyncio.Event().wait()

    urls = [f"http://{name}.invalid:{server.port}/page" for name in ("api", "page", "other")]
    first, *rest = _session(Fetch(timeout=0.3, allow_private_addresses=True), silent_dns, urls, one_by_one=True)
    assert first.reason == "looking up host api.invalid took more than 0.3 s"
    assert [error.reason for error in rest] == [
        "host page.invalid not looked up: the DNS has answered no lookup, the one for api.invalid waited in vain: "
        "no network?",
        "host other.invalid not looked up: the DNS has answered no lookup, the one for api.invalid waited in vain: "
        "no network?",
    ]
    assert {error.kind for error in rest} == {"unreachable"} and asked == ["api.invalid"]

    async def one_answer_then_silent(host):
        asked.append(host)
        if host == "gone.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        await asyncio.Event().wait()

    asked.clear()
    urls = [f"http://{name}.invalid:{server.port}/page" for name in ("gone", "api", "page")]
    failures = _session(Fetch(timeout=0.3, allow_private_addresses=True), one_answer_then_silent, urls, one_by_one=True)
    assert [failure.reason for failure in failures[1:]] == [
        "looking up host api.invalid took more than 0.3 s",
        "looking up host page.invalid took more than 0.3 s",
    ]
    assert asked == ["gone.invalid", "api.invalid", "page.invalid"]


def test_a_passing_resolver_failure_is_asked_again_for_the_links_that_shared_it(server):
    """A host is looked up once for all its links waiting, so one "temporary failure in name
    resolution" (EAI_AGAIN, a flaky network's) failed every one of them, where each link's own
    lookup had failed only its own; and a failed link is not asked again for an hour. Such a
    failure is asked again once, by one lookup all of them share."""
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    asked = []

    async def flaky_dns(host):
        asked.append(host)
        await asyncio.sleep(0.01)  # under way while the other links of the host ask
        if len(asked) == 1:
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return ["127.0.0.1"]

    urls = [f"http://flaky.invalid:{server.port}/page?{n}" for n in range(5)]
    pages = _session(Fetch(timeout=2.0, allow_private_addresses=True), flaky_dns, urls)
    assert [getattr(page, "text", page) for page in pages] == [PAGE] * 5
    assert asked == ["flaky.invalid"] * 2


def test_a_name_that_does_not_exist_is_not_asked_again_in_the_same_breath(server):
    asked = []

    async def dns(host):
        asked.append(host)
        await asyncio.sleep(0.01)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    urls = [f"http://gone.invalid:{server.port}/page?{n}" for n in range(5)]
    failures = _session(Fetch(timeout=2.0, allow_private_addresses=True), dns, urls)
    assert {failure.reason for failure in failures} == {"host gone.invalid not found"}
    assert asked == ["gone.invalid"]


def test_a_link_not_looked_up_while_the_dns_seemed_gone_is_not_remembered_as_failed(server, tmp_path, monkeypatch):
    """One lookup that waited in vain (a resolver slow once) with none answered yet makes the
    lookups after it fail at once, 'not looked up' (mend 27). Where a server had answered all the
    same, the build remembered those as the links' failures, so for an hour each build after it
    degraded their entries without asking, the DNS long back (attack 34): a link never asked is
    asked by the next build."""
    import time

    from click.testing import CliRunner
    from werkzeug import Response

    from newsletter.cli import main
    from newsletter.links import addresses

    from helpers import link_workspace

    public = addresses.is_public_address
    monkeypatch.setattr(addresses, "is_public_address", lambda address: address == "127.0.0.1" or public(address))
    slow_once = {"slow.test"}

    async def dns(host):
        if host in slow_once:
            slow_once.discard(host)
            await asyncio.sleep(1.6)  # (over half the timeout, 3 s: a wait in vain)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return ["127.0.0.1"]

    monkeypatch.setattr(addresses, "resolve", dns)

    def late_redirect(request):  # (answered after the slow lookup gave up: then its target is looked up)
        time.sleep(2.3)
        return Response("", status=302, headers={"Location": f"http://later.test:{server.port}/page"})

    server.expect_request("/moved").respond_with_handler(late_redirect)
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    moved = f"http://127.0.0.1:{server.port}/moved"
    root = link_workspace(tmp_path / "ws", [f"http://slow.test:{server.port}/page", moved], timeout=3)

    first = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert "host later.test not looked up" in first.stderr, first.stderr
    again = CliRunner().invoke(main, ["build", "2021-02", "--force", "-w", str(root)], catch_exceptions=False)
    assert "not looked up" not in again.stderr and "in an earlier build" not in again.stderr, again.stderr
