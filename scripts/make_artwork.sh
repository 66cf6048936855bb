#!/usr/bin/env bash
# Renders the podcast artwork (1400x1400 PNG, as podcast apps require) from its SVG with Debian's chromium.
# The PNG is committed, so builds never need this script.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-background-networking \
  --user-data-dir="$tmp" --window-size=1400,1400 --default-background-color=00000000 \
  --screenshot=docs/images/podcast-artwork.png "file://$PWD/scripts/podcast-artwork.svg" 2>/dev/null
rm -rf "$tmp"
echo "wrote docs/images/podcast-artwork.png" >&2
