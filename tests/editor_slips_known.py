"""Editor slips the product does not handle yet (tests/editor_slips_baseline.md says what leaks where).

Each entry makes that case xfail(strict=True): it fails loudly once fixed, and then its line goes.
Key: (case name, instant or "*" for every instant); value: the reason, naming the class."""
from __future__ import annotations

KNOWN: dict[tuple[str, str], str] = {}
