"""Shared test helpers: throw-away projects built from the real mkdocs.yml, hooks and evergreen pages."""
from __future__ import annotations

import gzip
import html
import json
import os
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

settings.register_profile("ci", max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("deep", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from campaign.commands import cli  # noqa: E402

EVERGREEN = ("about.md", "what-to-do.md", "help.md", "accessibility.md")

HEADER = """\
campaign:
  title: "Spot It to Stop It"
  timezone: Europe/London
  starts: "2026-09-07"
  ends: "2027-09-07"
  evaluation_until: "2027-12-31"
  max_releases_per_week: 3
themes:
  - id: missing-children
    title: "Missing children"
    summary: "Children who go missing."
    focus_months: ["2026-10"]
  - id: child-abuse
    title: "Child abuse"
    summary: "Abuse and neglect."
    focus_months: ["2026-11"]
  - id: criminal-exploitation
    title: "Gangs and criminal exploitation"
    summary: "County lines."
    focus_months: ["2026-12"]
releases:
"""


class Project:
    """A minimal copy of the product: real mkdocs.yml, hooks and evergreen pages, a plan of our own."""

    def __init__(self, path: Path):
        self.path = path
        (path / "docs").mkdir(parents=True)
        shutil.copy(ROOT / "mkdocs.yml", path / "mkdocs.yml")
        shutil.copytree(ROOT / "hooks", path / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "overrides", path / "overrides")
        for name in EVERGREEN:
            (path / "docs" / name).write_text(f"Evergreen page {name}.\n", encoding="utf-8")
        for extra in ("stylesheets", "javascripts", "images", "podcast"):
            if (ROOT / "docs" / extra).is_dir():
                shutil.copytree(ROOT / "docs" / extra, path / "docs" / extra)

    @property
    def site(self) -> Path:
        return self.path / "site"

    def write(self, rel: str, text: str | bytes) -> Path:
        p = self.path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    def plan(self, releases_yaml: str, header: str = HEADER) -> None:
        self.write("campaign_plan.yaml", header + textwrap.indent(textwrap.dedent(releases_yaml), "  "))

    def article(self, id: str, title: str, release: str, *, kind="article", folder="articles", body=None,
                extra: str = "") -> str:
        """Create the page and return its plan entry."""
        self.write(f"docs/{folder}/{id}.md", body if body is not None else f"Body of {id}.\n")
        theme = "" if kind == "article" else "theme: child-abuse\n"
        author = "author: \"A. Champion\"\n" if kind == "blog" else ""
        return (f"- id: {id}\n  kind: {kind}\n  title: {json.dumps(title, ensure_ascii=False)}\n  {theme and theme + '  '}"
                f"{author and author + '  '}source: docs/{folder}/{id}.md\n  release: \"{release}\"\n"
                + "".join(f"  {line}\n" for line in extra.splitlines() if line))

    def build(self, now: str, monkeypatch=None, site_dir: str = "site") -> tuple[int, str]:
        """Build in-process as `make build` does; returns (exit code, stderr text)."""
        import contextlib
        import io

        old = os.environ.get("CAMPAIGN_NOW")
        os.environ["CAMPAIGN_NOW"] = now
        err = io.StringIO()
        try:
            with contextlib.redirect_stderr(err):
                code = cli.main(["--root", str(self.path), "build", "--site-dir", str(self.path / site_dir)])
        finally:
            if old is None:
                os.environ.pop("CAMPAIGN_NOW", None)
            else:
                os.environ["CAMPAIGN_NOW"] = old
        return code, err.getvalue()


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path / "proj")


def site_texts(site: Path):
    """Every output file as a reader would decode it: (relative path, text). gzip, HTML entities and
    JSON escapes are undone independently of the product's own audit."""
    for p in sorted(site.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(site).as_posix()
        data = p.read_bytes()
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        variants = [text, html.unescape(text)]
        if rel.endswith(".json"):
            variants.append(json.dumps(json.loads(text), ensure_ascii=False))
            variants.append(html.unescape(variants[-1]))
        yield rel, "\n".join(variants)


def find_anywhere(site: Path, needle: str) -> list[str]:
    """Output files whose path or decoded content contains `needle` (case-insensitive)."""
    n = needle.casefold()
    return [rel for rel, text in site_texts(site) if n in text.casefold() or n in rel.casefold()]


# The default campaign at an instant when every release is live (the last one is 2027-09-01, nothing has
# an `until`): shared by the HTML-checker and browser tests, built once per session.
FULL_SITE_NOW = "2027-10-01"


def build_default(site: Path, now: str) -> Path:
    """The default campaign built in-process as `make build` does, as of `now`, into `site`."""
    import contextlib
    import io

    old = os.environ.get("CAMPAIGN_NOW")
    os.environ["CAMPAIGN_NOW"] = now
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            code = cli.main(["--root", str(ROOT), "build", "--site-dir", str(site)])
    finally:
        if old is None:
            os.environ.pop("CAMPAIGN_NOW", None)
        else:
            os.environ["CAMPAIGN_NOW"] = old
    assert code == 0, err.getvalue()
    return site


@pytest.fixture(scope="session")
def full_site(tmp_path_factory) -> Path:
    return build_default(tmp_path_factory.mktemp("full") / "site", FULL_SITE_NOW)
