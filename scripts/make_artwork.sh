#!/usr/bin/env bash
# Renders a campaign's podcast artwork (1400x1400 PNG, as podcast apps require) from its SVG with Debian's
# chromium: PROJECT/scripts/podcast-artwork.svg -> PROJECT/docs/images/podcast-artwork.png, where PROJECT is
# the campaign's folder (default: this repository's own campaign). The PNG is committed, so builds never
# need this script. Usage: scripts/make_artwork.sh [PROJECT]
set -euo pipefail
project=$(cd "${1:-$(dirname "$0")/..}" && pwd)
tmp=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-background-networking \
  --user-data-dir="$tmp" --window-size=1400,1400 --default-background-color=00000000 \
  --screenshot="$project/docs/images/podcast-artwork.png" "file://$project/scripts/podcast-artwork.svg" 2>/dev/null
rm -rf "$tmp"
echo "wrote $project/docs/images/podcast-artwork.png" >&2
