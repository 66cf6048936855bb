"""Devices without identities: a device is a keyed hash of (address, user agent).

The key is 32 random bytes made for each run and kept only in this object: it is never written to any
output, log or temporary file, so a device in one report cannot be traced back to an address, nor matched
with the same device in another report. The hash is kept only as a small index for counting.
On an intranet behind shared proxies many people can share an address and a browser build, so a device is
an estimate of a person, not a count of people (the report says so).
"""
from __future__ import annotations

import ipaddress
import os
from hashlib import blake2b

KEY_BYTES = 32
DIGEST_BYTES = 12  # 96 bits: no two of a million devices collide in practice


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


class Devices:
    def __init__(self):
        self._key = new_key()
        self._index: dict[bytes, int] = {}

    def __len__(self) -> int:
        return len(self._index)

    def of(self, address: bytes, agent: bytes) -> int:
        """The device's index (0, 1, 2... in order of first appearance)."""
        if b":" in address:
            address = _v6_network(address)
        digest = blake2b(address + b"\0" + agent, key=self._key, digest_size=DIGEST_BYTES).digest()
        index = self._index.get(digest)
        if index is None:
            index = self._index[digest] = len(self._index)
        return index


def _v6_network(address: bytes) -> bytes:
    """An IPv6 address cut to its first 64 bits (IAB v2.1: a device's interface part changes for privacy);
    an IPv4-mapped address as its IPv4 address."""
    try:
        ip = ipaddress.IPv6Address(address.decode("ascii").strip("[]"))
    except ValueError:
        return address
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped).encode()
    return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64))).encode()
