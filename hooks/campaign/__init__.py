"""The campaign site engine, in stages that import only downwards (import-linter holds it: .importlinter):

    source -> release -> render | audit -> mkdocs_adapter -> commands

Only `mkdocs_adapter` imports MkDocs, so the plan, release rules, pages, feeds and audit are testable
without a build and survive a move away from MkDocs.
"""
