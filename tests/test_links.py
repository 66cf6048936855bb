"""links.rel_url works on path parts for speed: it must equal the posixpath.relpath definition."""
from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from campaign.source.links import page_dir, rel_url

ATOMS = st.sampled_from(["a", "b", "ab", ".", "..", "", "x.md", "index.html", "a-b", "A"])
PATHS = st.builds(lambda parts, slash: "/".join(parts) + ("/" if slash else ""),
                  st.lists(ATOMS, max_size=5), st.booleans())


def _by_definition(target: str, base: str) -> str:
    rel = posixpath.relpath("/" + target, "/" + page_dir(base))
    if rel == ".":
        return "./"
    return rel + "/" if (target.endswith("/") or target == "") and not rel.endswith("/") else rel


@given(PATHS, PATHS)
def test_rel_url_is_posixpath_relpath(target, base):
    assert rel_url(target, base) == _by_definition(target, base)
