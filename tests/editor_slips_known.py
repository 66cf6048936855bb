"""Editor slips the product does not handle yet (tests/editor_slips_baseline.md says what leaks where).

Each entry makes that case xfail(strict=True) at that instant: it fails loudly once fixed, and then its line
goes. Key: (case name, instant or "*" for every instant); value: the reason, naming the class.
The lead flips an entry by deleting its line."""
from __future__ import annotations

KNOWN: dict[tuple[str, str], str] = {
    # class 2: copies outside the gated folders
    # class 3: text variants
    # class 4: needles
    # class 5: containers
}
