"""Devices without identities: a device is a keyed hash of (address, user agent).

The key is 32 random bytes made for each run and kept only in memory (this object, and the worker processes
forked from the one that made it): it is never written to any output, log or temporary file, so a device in
one report cannot be traced back to an address, nor matched with the same device in another report. A
device is the hash's 64 bits as an integer: two of a million devices share one with a chance of 3 in 10^8.
On an intranet behind shared proxies many people can share an address and a browser build, so a device is
an estimate of a person, not a count of people (the report says so).
"""
from __future__ import annotations

import ipaddress
import os
from hashlib import blake2b

KEY_BYTES = 32
DIGEST_BYTES = 8  # a signed 64-bit integer: fits array('q') and merges across processes


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


class Devices:
    def __init__(self):
        self._key = new_key()
        # The keyed state, copied for each device: setting the key up again for every line costs a third more.
        self._keyed = blake2b(key=self._key, digest_size=DIGEST_BYTES)

    def of(self, address: bytes, agent: bytes) -> int:
        """The device: the keyed hash of the address (IPv6 cut to its /64) and the user agent."""
        if b":" in address:
            address = _v6_network(address)
        h = self._keyed.copy()
        h.update(address)
        h.update(b"\0")
        h.update(agent)
        return int.from_bytes(h.digest(), "little", signed=True)


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
