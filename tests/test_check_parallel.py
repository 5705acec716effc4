"""Worker processes share a run and keep the per-host limits (srctrack.check.parallel)."""

from __future__ import annotations

import time

import pytest
from linkserver import Handler, LinkServer, article, block_dns, serve

from srctrack.check import CheckOptions, check_links
from srctrack.check.parallel import shard_by_url
from srctrack.model import LinkStatus


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    block_dns(monkeypatch)  # the workers only ever see 127.0.0.1 URLs


@pytest.mark.parametrize("per_host", [2, 8])
def test_worker_processes_share_the_work_and_keep_per_host_limits(per_host: int) -> None:
    """per_host 2: each host belongs to one worker; 8: one host's URLs are dealt out, 4 a
    worker. Either way a host never sees more than `per_host` requests at once."""
    one, two = LinkServer(), LinkServer()
    for server in (one, two):
        @server.route("/w/*")
        def page(h: Handler) -> None:
            time.sleep(0.02)
            h.send(article("Page", h.path))

    with serve(one), serve(two):
        options = CheckOptions(allow_private=True, concurrency=16, per_host=per_host, min_gap=0,
                               timeout=5, processes=2, sibling_probe=False)
        urls = [one.url(f"/w/{i}") for i in range(40)] + [two.url(f"/w/{i}") for i in range(10)]
        results = list(check_links(urls, options=options))
    assert sorted(r.url for r in results) == sorted(urls)
    assert {r.status for r in results} == {LinkStatus.ALIVE}
    assert one.max_in_flight <= per_host
    assert two.max_in_flight <= per_host



def test_one_host_is_dealt_out_only_without_a_gap() -> None:
    assert shard_by_url(CheckOptions(allow_private=True, processes=2, per_host=8, min_gap=0))
    assert not shard_by_url(CheckOptions(allow_private=True, processes=2, per_host=8, min_gap=0.1))
    assert not shard_by_url(CheckOptions(allow_private=True, processes=2, per_host=3, min_gap=0))
