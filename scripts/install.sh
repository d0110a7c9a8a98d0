#!/usr/bin/env bash
# Installs CE Logbook from this unpacked folder for you alone, without root: the program in
# ~/.local/bin, its menu entry, icons, man pages and completions under ~/.local/share.
#   ./install.sh              install (or update)
#   ./install.sh --uninstall  remove what install.sh put there (your logbook stays)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix="${HOME}/.local"
list="$prefix/share/ce-logbook/installed-files"

uninstall() {
  [ -f "$list" ] || { echo "CE Logbook is not installed in $prefix"; return 0; }
  while IFS= read -r f; do rm -f "$prefix/$f"; done <"$list"
  rm -f "$list"
  rmdir "$prefix/share/ce-logbook" 2>/dev/null || true
  echo "removed CE Logbook from $prefix (your logbook and its backups are untouched)"
}

if [ "${1:-}" = "--uninstall" ]; then
  uninstall
  exit 0
fi

mkdir -p "$prefix/share/ce-logbook"
(cd "$here" && find bin share -type f) >"$list"
while IFS= read -r f; do
  install -D -m "$( [ "${f%%/*}" = bin ] && echo 755 || echo 644 )" "$here/$f" "$prefix/$f"
done <"$list"
# The menu and icon caches pick the new entry up; where the tools are missing it shows at
# the next login.
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "installed CE Logbook in $prefix; start it from the menu or with: ce-logbook"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; add it to use ce-logbook from a terminal" ;;
esac
