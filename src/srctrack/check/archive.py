"""Archived copies from the Wayback Machine: `/web/<timestamp>/<url>` redirects to the
snapshot nearest the timestamp. The base URL is configurable (tests use a local server).

A slow archive, a 429 or any error yields "unknown": an archive lookup never fails a check.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

DEFAULT_ARCHIVE = "https://web.archive.org"
ARCHIVE_ENV = "SRCTRACK_ARCHIVE_URL"
SNAPSHOT = re.compile(r"/web/\d{4,14}[a-z_]*/")


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    state: str  # "found", "none" or "unknown"
    url: str | None = None
    detail: str = ""


def timestamp(date: str | None) -> str:
    """A Wayback timestamp from an ISO date at any precision; today when none is known."""
    if date:
        digits = re.sub(r"\D", "", date.split("T")[0])
        if len(digits) in (4, 6, 8) and not date.startswith("-"):
            return digits
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S")


def lookup(session: Any, url: str, date: str | None, *, base: str = DEFAULT_ARCHIVE,
           timeout: float = 10.0, user_agent: str = "srctrack") -> ArchiveResult:
    """The snapshot of `url` nearest `date`, asking the archive once."""
    query = f"{base.rstrip('/')}/web/{timestamp(date)}/{url}"
    try:
        response = session.request("GET", query, allow_redirects=False, stream=True,
                                   timeout=(timeout, timeout),
                                   headers={"User-Agent": user_agent})
    except Exception as exc:  # the archive's trouble is never the check's
        return ArchiveResult("unknown", None, f"archive unreachable: {type(exc).__name__}")
    try:
        code = int(response.status_code)
        location = response.headers.get("location")
        if code in (301, 302, 303, 307, 308) and location:
            target = urljoin(query, location)
            if SNAPSHOT.search(target):
                return ArchiveResult("found", target, f"archived copy {target}")
            return ArchiveResult("unknown", None, f"archive redirected elsewhere ({code})")
        if code == 200 and SNAPSHOT.search(query):
            return ArchiveResult("found", query, f"archived copy {query}")
        if code == 404:
            return ArchiveResult("none", None, "no archived copy")
        return ArchiveResult("unknown", None, f"archive answered {code}")
    finally:
        response.close()


class Archive:
    """Lookups shared by a run: polite to the archive (through the run's per-host gate), and
    quiet for a while after it says 429, answering "unknown" instead of asking again."""

    #: How long to leave the archive alone after a 429 without a usable Retry-After.
    QUIET = 60.0

    def __init__(self, session: Any, base: str, timeout: float, user_agent: str,
                 politeness: Any) -> None:
        self.session, self.base, self.timeout = session, base, timeout
        self.user_agent, self.politeness = user_agent, politeness
        self.host = urlsplit(base).netloc
        self._lock = threading.Lock()
        self._quiet_until = 0.0

    def lookup(self, url: str, date: str | None) -> ArchiveResult:
        with self.politeness.request(self.host):
            with self._lock:
                if time.monotonic() < self._quiet_until:
                    return ArchiveResult("unknown", None, "archive is rate-limiting; not asked")
            found = lookup(self.session, url, date, base=self.base, timeout=self.timeout,
                           user_agent=self.user_agent)
            if found.detail.endswith("429"):
                with self._lock:
                    self._quiet_until = time.monotonic() + self.QUIET
        return found
