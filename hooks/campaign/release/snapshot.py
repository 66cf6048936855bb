"""Release rules: the status of every item at one instant, and everything derived from what is not live."""
from __future__ import annotations

import enum
import html
import posixpath
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from types import MappingProxyType
from urllib.parse import unquote

from ahocorasick_rs import AhoCorasick

from ..source.audio import AudioInfo, audio_info
from ..source.plan import Plan, files_of, outputs_of, url_of
from .changes import change_instants
from .waves import hidden_texts


class Status(str, enum.Enum):
    LIVE = "live"
    EMBARGOED = "embargoed"
    EXPIRED = "expired"
    HELD = "held"


def status(item, now: datetime, require_approval: bool = False) -> Status:
    if require_approval and not item.approved_by:
        return Status.HELD
    if now < item.release:
        return Status.EMBARGOED
    if item.until is not None and now >= item.until:
        return Status.EXPIRED
    return Status.LIVE


@dataclass(frozen=True)
class Snapshot:
    """The plan seen at one instant: what is live, and everything derived from what is not."""

    plan: Plan
    now: datetime

    @cached_property
    def statuses(self) -> MappingProxyType:
        ra = self.plan.campaign.require_approval
        return MappingProxyType({r.id: status(r, self.now, ra) for r in self.plan.releases})

    @cached_property
    def live(self) -> tuple:
        return tuple(r for r in self.plan.releases if self.statuses[r.id] is Status.LIVE)

    @cached_property
    def hidden(self) -> tuple:
        return tuple(r for r in self.plan.releases if self.statuses[r.id] is not Status.LIVE)

    @cached_property
    def hidden_files(self) -> frozenset:
        """Project files (from the root) that must not be published now."""
        return frozenset(f for r in self.hidden for f in files_of(r))

    @cached_property
    def live_files(self) -> MappingProxyType:
        """Project file -> the live item it belongs to."""
        return MappingProxyType({f: r for r in self.live for f in files_of(r)})

    @cached_property
    def hidden_urls(self) -> MappingProxyType:
        """Page URL -> id of the hidden item it belongs to."""
        return MappingProxyType({u: r.id for r in self.hidden if (u := url_of(r)) is not None})

    @cached_property
    def hidden_names(self) -> MappingProxyType:
        """File name (no folder) -> id of the hidden item whose media it is."""
        return MappingProxyType({posixpath.basename(f): r.id for r in self.hidden
                                 for f in (*files_of(r), *outputs_of(r))})

    def hidden_target(self, path: str) -> str | None:
        """The hidden item a site path (page, folder or media file) belongs to, if any."""
        parts = path.split("/")
        for i in range(1, len(parts) + 1):  # each folder the path lies in, as a page URL
            item = self.hidden_urls.get("/".join(parts[:i]) + "/")
            if item:
                return item
        return self.hidden_names.get(posixpath.basename(path))

    @cached_property
    def reference_pieces(self) -> frozenset:
        """Casefolded strings of which every reference to a hidden page or file holds one, once decoded: the
        folder name of each hidden page, the name of each hidden file. (A resolved path is the referring
        page's folder followed by segments of the reference; a hidden target needs such a segment.)"""
        return frozenset(self.reference_piece_items)

    @cached_property
    def reference_piece_items(self) -> MappingProxyType:
        """Each reference piece -> the ids of the hidden items whose page folder or file it names."""
        out: dict[str, set] = {}
        for u, item in self.hidden_urls.items():
            out.setdefault(u.rstrip("/").rsplit("/", 1)[-1].casefold(), set()).add(item)
        for name, item in self.hidden_names.items():
            out.setdefault(name.casefold(), set()).add(item)
        return MappingProxyType({k: frozenset(v) for k, v in out.items()})

    @cached_property
    def _pieces(self):
        return AhoCorasick(sorted(p for p in self.reference_pieces if p))

    def may_reference_hidden(self, text: str) -> bool:
        """False when no reference in `text` (with the referring page's URL in it) can lead to a hidden page
        or file, however its entities (even doubly) and %-escapes are written: there is nothing to resolve."""
        if not self.reference_pieces:
            return False
        for _ in range(2):
            if "&" in text:
                text = html.unescape(text)
        if "%" in text:
            text = unquote(text)
        return bool(self._pieces.find_matches_as_indexes(text.casefold()))

    @cached_property
    def hidden_texts(self) -> tuple:
        """(text, item id) from data files that belong to hidden items (a follow-up survey wave's label
        and wording), for the leak audit."""
        return hidden_texts(self)

    @cached_property
    def _audio(self) -> dict:
        return {}

    def audio_info(self, rel: str) -> AudioInfo:
        """Facts of a project audio file (duration, size, type), read from it once per snapshot: the feed,
        the podcast page and the episode's page of one build show the same facts."""
        info = self._audio.get(rel)
        if info is None:
            info = self._audio[rel] = audio_info(self.plan.root / rel)
        return info

    def is_live(self, item_id: str) -> bool:
        return self.statuses.get(item_id) is Status.LIVE

    @cached_property
    def ending(self) -> frozenset:
        """Ids of the live items that will be taken down (`until`)."""
        return frozenset(r.id for r in self.live if r.until is not None)

    def hiding(self, ids: frozenset) -> Snapshot:
        """This instant with the items `ids` taken as not live too: what the leak audit looks for when it
        looks ahead for the traces of items to be taken down (audit/auditor.py, audit_site)."""
        return _Hiding(self.plan, self.now, frozenset(ids), self)

    @cached_property
    def source_date_epoch(self) -> int:
        """Seconds of the latest change instant at or before now (0 before the first): builds then
        depend on `now` only through change instants."""
        past = [t for t in change_instants(self.plan) if t <= self.now]
        return int(past[-1].timestamp()) if past else 0


@dataclass(frozen=True)
class _Hiding(Snapshot):
    """A snapshot with more items not live (Snapshot.hiding): everything derived from what is not live is then
    a superset of the instant's own, which the audit's memo relies on."""

    also: frozenset = frozenset()
    at: Snapshot | None = None

    @cached_property
    def statuses(self) -> MappingProxyType:
        return MappingProxyType({k: Status.EXPIRED if k in self.also else v for k, v in self.at.statuses.items()})

    def hidden_target(self, path: str) -> str | None:
        # A hidden page or file inside the folder of an item hidden here only (a page nested in its page's
        # folder): the instant's own item, as the instant's own audit names it, not the folder's.
        return self.at.hidden_target(path) or super().hidden_target(path)

    @cached_property
    def hidden_texts(self) -> tuple:
        # A survey wave's texts shown by a live wave are no secret; with that wave hidden too another may be the
        # one shown: the instant's own hidden texts are kept, so these are never fewer.
        return tuple(dict.fromkeys(self.at.hidden_texts + hidden_texts(self)))
