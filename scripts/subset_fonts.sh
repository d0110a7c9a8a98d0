#!/usr/bin/env bash
# Makes the transcript's embedded fonts (assets/fonts/DejaVuSans*-subset.ttf) from the full
# DejaVu Sans and Sans Bold beside them: only the characters a US transcript needs, without
# hinting (a PDF viewer does not use it), to keep the program small. Run it after changing
# the list below and commit the subsets: building the program does not need this script.
# Characters left out still print: the transcript takes them from installed fonts
# (src/report/face.rs). The test `embedded_fonts_have_every_character_the_transcript_needs`
# in src/report/pdf.rs fails if a subset lacks one of these.
# Needs pyftsubset (pip install fonttools).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pyftsubset >/dev/null || { echo "pyftsubset is missing: pip install fonttools" >&2; exit 1; }

ranges=(
  U+0020-007E # Basic Latin
  U+00A0-00FF # Latin-1 Supplement (· in the footer, é, ñ, ×, °, ½)
  U+0100-017F # Latin Extended-A
  U+0180-024F # Latin Extended-B
  U+02B0-02FF # Spacing Modifier Letters (ˆ ˜ ˚)
  U+0300-036F # Combining Diacritical Marks (accents typed apart, as macOS names write them)
  U+0370-03FF # Greek
  U+0400-04FF # Cyrillic
  U+2000-206F # General Punctuation (– — ‘ ’ “ ” • … ‰)
  U+20A0-20CF # Currency Symbols (€ ₹)
  U+2100-214F # Letterlike Symbols (№ ™ ℃)
  U+2190-2193 # Arrows ← ↑ → ↓
  U+2212      # minus
  U+2264-2265 # ≤ ≥
  U+2713-2714 # ✓ ✔
  U+FFFD      # the replacement character
)
unicodes=$(printf '%s\n' "${ranges[@]}" | paste -sd, -)

for face in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "assets/fonts/$face.ttf" \
    --unicodes="$unicodes" \
    --layout-features='*' \
    --name-IDs='*' \
    --no-hinting \
    --output-file="assets/fonts/$face-subset.ttf"
done
ls -l assets/fonts/
