"""Spot It to Stop It campaign core: plan, release rules, generated pages, feeds and leak audit.

Pure Python. Only `mkdocs_adapter` imports MkDocs, so everything else is testable without a build.
"""
