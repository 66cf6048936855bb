# The command contract (design.md section 6). Recipes are silent so `make schedule FORMAT=json` prints
# only JSON on stdout; set-up output goes to stderr.
SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
.DEFAULT_GOAL := build
export NO_MKDOCS_2_WARNING=1
export PYTHONPATH := $(CURDIR)/hooks
export PIP_DISABLE_PIP_VERSION_CHECK=1
export CAMPAIGN_NOW
export SOURCE_DATE_EPOCH
# Values editors type go to the CLI through the environment, never pasted into a shell line.
export DATE DEST
# make reach: LOG (paths or globs), FROM, TO (YYYY-MM-DD), OUT (report folder), PREFIX (site path).
# make preview-pack: OUT (the zip).
export LOG FROM TO OUT PREFIX
# make new: $(value ...) keeps `$` in a TITLE literal; the CLI reads these from the environment.
export NEW_KIND := $(value KIND)
export NEW_TITLE := $(value TITLE)
export NEW_DATE := $(value DATE)
ADDR ?= 127.0.0.1:8000
GRACE ?= 0
# The campaign's folder (its campaign_plan.yaml, mkdocs.yml, docs/): this repository's own by default;
# another campaign runs through the same commands, e.g. `make build ROOT=examples/pause-before-you-click`.
# Its site/ and a relative DEST are inside that folder.
ROOT ?= .
CLI = $(PY) -m campaign --root "$(ROOT)"

VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
FORMAT ?= table
SITE ?= site

.PHONY: build test test-deps screenshots test-deep bench schedule serve preview preview-pack publish rollback resume health deps clean help check new schema reach

help:
	@echo "ROOT=<campaign folder> (default .) applies to every command below" >&2
	@echo "make build | test | check | new KIND=article TITLE=... DATE=... | schema | schedule [FORMAT=json|ics] | serve [ADDR=...] | preview DATE=... | preview-pack DATE=... [OUT=...] | publish DEST=... | rollback DEST=... | resume DEST=... | health DEST=... | reach LOG=... [FROM= TO= OUT=] | clean" >&2
	@echo "  CAMPAIGN_NOW=YYYY-MM-DD[ HH:MM] sets 'now' for any command" >&2

# Pinned dependencies (requirements.lock, exact versions) into .venv, once per change of the lock file.
# SOURCE_DATE_EPOCH is exported (maybe empty) for builds; an empty value breaks building sdists (feedgen).
$(READY): requirements.lock
	@command -v python3 >/dev/null || { echo "python3 (3.11+) is needed" >&2; exit 1; }
	@test -x $(PY) || python3 -m venv $(VENV) >&2
	@env -u SOURCE_DATE_EPOCH $(PY) -m pip install --quiet -r requirements.lock >&2
	@touch $@

deps: $(READY)

build: $(READY)
	@$(CLI) build --site-dir "$(SITE)"

# Validate everything and build strictly into a temporary folder; never writes site/. Warnings exit 0.
check: $(READY)
	@$(CLI) check

# A page and its plan entry, both or neither: make new KIND=article TITLE="..." DATE="2027-02-01 08:00"
new: $(READY)
	@$(CLI) new

# The plan's JSON Schema (from the models) and EDITORS.md's error table (from the message catalogue).
schema: $(READY)
	@$(CLI) schema

schedule: $(READY)
	@$(CLI) schedule --format "$(FORMAT)"

# `exec`: the server is make's own child, so a signal make forwards (or notices) reaches it.
serve: $(READY)
	@exec $(CLI) serve --addr "$(ADDR)"

preview: $(READY)
	@test -n "$$DATE" || { echo 'make preview needs DATE, e.g. make preview DATE=2027-02-01 or DATE="2027-02-01 08:00"' >&2; exit 2; }
	@exec $(CLI) preview --date "$$DATE" --addr "$(ADDR)"

# One zip of the bannered site as of DATE that an approver opens from disk: make preview-pack DATE=... [OUT=x.zip]
preview-pack: $(READY)
	@test -n "$$DATE" || { echo 'make preview-pack needs DATE, e.g. make preview-pack DATE=2027-02-01' >&2; exit 2; }
	@$(CLI) preview-pack --date "$$DATE" $(if $(OUT),--output "$$OUT")

publish rollback resume health: $(READY)
	@test -n "$$DEST" || { echo 'make $@ needs DEST, e.g. make $@ DEST=/srv/www/campaign' >&2; exit 2; }
	@$(CLI) $@ --dest "$$DEST" $(if $(filter health,$@),--grace "$(GRACE)")

# Private reach and listening report from access logs (nginx/Apache combined or IIS W3C, plain or
# gzip): make reach LOG="/var/log/nginx/access.log*" [FROM=2026-09-07 TO=2026-12-31 OUT=reach]. Never writes
# into site/, docs/ or a DEST; the logs are only read.
reach: $(READY)
	@test -n "$$LOG" || { echo 'make reach needs LOG, e.g. make reach LOG="/var/log/nginx/access.log*"' >&2; exit 2; }
	@$(CLI) reach --log "$$LOG" --from "$$FROM" --to "$$TO" --out "$${OUT:-reach}" --prefix "$$PREFIX" --dest "$$DEST"

# Test-only tools: Debian's chromium for the browser tests (Playwright drives it by path; `playwright
# install` would download a browser, which cannot be fetched here), and the Nu HTML Checker, axe-core and Lighthouse
# from npm (package-lock.json; --ignore-scripts: nothing runs at install time).
NODE_READY := node_modules/.ready
test-deps: $(READY) $(NODE_READY)
	@test -x /usr/bin/chromium || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2; }

$(NODE_READY): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the HTML checker, axe-core and Lighthouse" >&2; exit 1; }
	@npm ci --ignore-scripts --no-audit --no-fund >&2
	@touch $@

# Home and an article at desktop and mobile widths, light and dark, into screenshots/ for review.
screenshots: test-deps
	@$(PY) scripts/screenshots.py --project "$(ROOT)" --out screenshots

# pytest exits 5 when it collected no tests: that is a failure here, never a pass. The editor-slip corpus
# runs its quick subset here (one instant); the full corpus (marker slips_deep) is make test-deep's.
test: $(READY) test-deps
	@$(PY) -m pytest -m "not slips_deep" $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$rc

# Nightly: the property-based leak tests with 200 examples instead of 25, a strict build of the default
# campaign at every change instant (make test samples 12), and the full editor-slip corpus at every instant
# of tests/test_editor_slips.py (SLIPS_DEEP=1: about 200 slips and controls per instant, 2 workers, ~8 min).
test-deep: $(READY)
	@SLIPS_DEEP=1 HYPOTHESIS_PROFILE=deep $(PY) -m pytest tests/test_leak_property.py tests/test_default_campaign.py tests/test_editor_slips.py $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-deep: no tests were collected" >&2; exit 1; fi; exit $$rc

# Benchmarks (design.md section 8): synthetic campaigns of 100, 1,000 and 10,000 releases, hooks vs plain
# MkDocs, the peer (Material's blog plugin); ratios on stdout, details in bench/results.md. BENCH_ARGS passes options.
bench: $(READY)
	@$(PY) bench/run.py $(BENCH_ARGS)

clean:
	@cd "$(ROOT)" && rm -rf site .site.building-* .site.old-* .cache/campaign
