"""How a check run behaves: politeness, patience and identity, in one frozen record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from srctrack import __version__

#: Honest: says what is asking and where to read about it. Sites that block unknown robots
#: block a fake browser string just as readily, and a fake one misleads their operators.
DEFAULT_USER_AGENT = (f"srctrack/{__version__} (link checker for cited sources; "
                      "+https://github.com/srctrack/srctrack)")
#: What a browser sends: some servers answer 406 or a bare error to `*/*` alone.
BROWSER_ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,"
                  "image/avif,image/webp,*/*;q=0.8")

#: Path suffixes worth a HEAD first: large files whose body soft-404 detection never reads.
HEAD_FIRST_SUFFIXES = (".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar",
                       ".mp4", ".mov", ".avi", ".mkv", ".webm", ".mp3", ".wav", ".flac",
                       ".ogg", ".iso", ".dmg", ".exe", ".msi", ".jpg", ".jpeg", ".png",
                       ".gif", ".webp", ".tif", ".tiff", ".doc", ".docx", ".xls", ".xlsx",
                       ".ppt", ".pptx", ".epub", ".csv", ".json", ".xml")


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Everything a check run can be told. The defaults are polite to other people's servers."""

    concurrency: int = 32  # URLs being checked at once, over all hosts
    per_host: int = 2  # requests in flight to one host at once
    min_gap: float = 0.5  # seconds between the starts of two requests to one host
    timeout: float = 15.0  # seconds to connect, and to wait for the answer (twice at most)
    retries: int = 2  # extra attempts after a 5xx, a 429, a reset or a timeout
    backoff: float = 1.0  # first retry waits this long, doubling each time
    retry_after_cap: float = 60.0  # the longest Retry-After honoured; beyond it, give up
    max_redirects: int = 10
    user_agent: str = DEFAULT_USER_AGENT
    accept: str = BROWSER_ACCEPT
    #: "auto": HEAD first only where it helps (paths that name large files); "always";
    #: "never". A HEAD that is refused or answers an error is always confirmed with a GET.
    head: Literal["auto", "always", "never"] = "auto"
    #: Bytes of a page read for soft-404 detection; the rest is never downloaded.
    max_body: int = 64 * 1024
    #: Fetch a random sibling URL once per host and folder and compare pages with it.
    sibling_probe: bool = True
    verify_tls: bool = True
    #: Fetch hosts that resolve to this machine or a private network (an intranet checked on
    #: purpose); by default they are refused, on every hop, with the status `refused`.
    allow_private: bool = False
    #: Worker processes, each with its own threads (concurrency is shared out). One process
    #: is plenty for polite checking; more help only when CPU bounds a run against one's own
    #: servers. Hosts are split between processes, so per-host limits still hold.
    processes: int = 1

    def __post_init__(self) -> None:
        for name, value in (("user agent", self.user_agent), ("accept", self.accept)):
            bad = header_value_problem(value)
            if bad:
                raise ValueError(f"the {name} {bad}")
        if self.concurrency < 1 or self.per_host < 1 or self.processes < 1:
            raise ValueError("concurrency, per_host and processes must be at least 1")
        if self.min_gap < 0 or self.timeout <= 0 or self.retries < 0:
            raise ValueError("min_gap and retries must be >= 0 and timeout > 0")


#: A header value holds no control character but the tab: a CR or LF would end the header
#: and smuggle another, or a second request, into the connection.
_HEADER_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def header_value_problem(value: str) -> str | None:
    """Why `value` cannot be sent as an HTTP header value, or None when it can."""
    match = _HEADER_CONTROL.search(value)
    if match:
        return (f"holds a control character ({match.group(0)!r} at {match.start()}); "
                "header values cannot")
    if not value.isascii() and not value.isprintable():
        return "holds a character that is not printable"
    return None
