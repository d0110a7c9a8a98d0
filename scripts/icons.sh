#!/usr/bin/env bash
# Makes the icon's PNGs (16 to 512 pixels) from assets/icons/ce-logbook.svg. Run it after
# changing the SVG and commit the PNGs: building the program does not need this script.
# Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install librsvg2-bin" >&2; exit 1; }
for size in 16 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" assets/icons/ce-logbook.svg \
    --output "assets/icons/ce-logbook-$size.png"
done
ls -l assets/icons/
