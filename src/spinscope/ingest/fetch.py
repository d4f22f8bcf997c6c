"""Fetching one URL: a timeout, a size limit, and nothing else from the page.

Only the page the user named is downloaded (redirects followed, at most 5);
no image, script, frame or link in it is ever requested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinscope.ingest.errors import InputError

TIMEOUT_S = 20.0
USER_AGENT = "spinscope/0.1 (news analysis workbench)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    media_type: str
    charset: str | None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str, max_bytes: int, timeout: float | None = None) -> Fetched:
    """The bytes of ``url``, or ``InputError`` for HTTP errors, timeouts and oversize pages."""
    import httpx

    timeout = TIMEOUT_S if timeout is None else timeout
    try:
        with (
            httpx.Client(
                timeout=timeout,
                follow_redirects=True,
                max_redirects=5,
                headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain,*/*;q=0.5"},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise InputError(f"HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"too large: {int(declared):,} bytes (limit {max_bytes:,})")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"too large: more than {max_bytes:,} bytes")
                chunks.append(chunk)
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return Fetched(
                url=str(response.url),
                content=b"".join(chunks),
                media_type=media_type,
                charset=response.charset_encoding,
            )
    except httpx.TimeoutException:
        raise InputError(f"timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise InputError("too many redirects") from None
    except httpx.HTTPError as error:
        raise InputError(f"cannot fetch: {type(error).__name__}: {error}") from None


def html_charset(content: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its top."""
    match = _META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii") if match else None
