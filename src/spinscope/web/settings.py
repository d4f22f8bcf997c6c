"""How one workbench server is configured (database, binding, token, limits)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BODY = 5 * 1024 * 1024  # an article, even as HTML, fits well under 5 MiB
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_local_host(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine (loopback)."""
    name = host.strip().strip("[]").lower()
    if name in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class WebSettings:
    """Everything ``create_app`` needs; the CLI builds one from its options.

    ``analyse_stages`` is the subset of pipeline stages the "analyse" and
    "ingest" endpoints run; ``None`` runs the full pipeline (the default).
    ``tile_url`` is a Leaflet URL template such as
    ``https://tile.openstreetmap.org/{z}/{x}/{y}.png``; without it the map
    draws the bundled world outline and never touches the network.
    """

    db: Path | str | None = None
    host: str = "127.0.0.1"
    token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY
    tile_url: str | None = None
    tile_attribution: str = ""
    analyse_stages: tuple[str, ...] | None = None
    allow_url_fetch: bool = True
    page_size: int = 20

    @property
    def writes_open_without_token(self) -> bool:
        """Write endpoints need no token only on a loopback binding with none set."""
        return self.token is None and is_local_host(self.host)

    @property
    def writes_possible(self) -> bool:
        """Whether any client can write at all (with the token if one is set)."""
        return self.token is not None or is_local_host(self.host)
