#!/usr/bin/env bash
# Builds CE Logbook's packages from this repository: a Debian package and a tar.gz for other
# Linux distributions (with install.sh for one user, no root), both in target/packages/. Then it
# checks them: the files each must hold, and (as root, or with --no-install to skip) the .deb
# installed on this machine: `ce-logbook --version`, the man page and the menu entry.
#
# Needs: cargo (the rest it installs: cargo-deb and cargo-about from crates.io; gzip, dpkg,
# man-db and desktop-file-utils from Debian where missing).
set -euo pipefail
cd "$(dirname "$0")/.."
install=1
[ "${1:-}" = "--no-install" ] && install=0

need_apt=()
command -v dpkg-deb >/dev/null || need_apt+=(dpkg)
command -v desktop-file-validate >/dev/null || need_apt+=(desktop-file-utils)
command -v man >/dev/null || need_apt+=(man-db)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
fi
command -v cargo-deb >/dev/null || cargo install --locked cargo-deb
command -v cargo-about >/dev/null || cargo install --locked cargo-about --features cli

version=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["packages"][0]["version"])')
docs=target/docs
dist=target/packages
rm -rf "$docs" "$dist"
mkdir -p "$docs" "$dist"

echo "== man pages, completions and third-party licenses"
cargo run --quiet --locked --example gen_docs -- "$docs"
gzip -9n "$docs"/man/*.1
cargo about generate --frozen --fail -o "$docs/THIRD-PARTY-LICENSES.html" scripts/about.hbs

echo "== the binary (profile dist: stripped, LTO)"
cargo build --locked --profile dist
bin=target/dist/ce-logbook
ls -l "$bin"
# The promise is "well under half of the 40 MB it once was": it is 17.1 MB (panic = "abort",
# the transcript's fonts subset), and 18 MB or more is a failure.
bytes=$(stat -c %s "$bin")
limit=$((18 * 1000 * 1000))
if [ "$bytes" -ge "$limit" ]; then
  echo "the binary is $bytes bytes, over the $limit-byte limit: see [profile.dist] in Cargo.toml" >&2
  exit 1
fi

echo "== Debian package"
deb=$(cargo deb --locked --no-build --profile dist --output "$dist" | tail -n 1)
dpkg-deb --info "$deb" | sed -n '1,20p'
contents=$(dpkg-deb --contents "$deb")
for f in usr/bin/ce-logbook \
         usr/share/applications/org.celogbook.CELogbook.desktop \
         usr/share/metainfo/org.celogbook.CELogbook.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/org.celogbook.CELogbook.svg \
         usr/share/icons/hicolor/16x16/apps/org.celogbook.CELogbook.png \
         usr/share/icons/hicolor/512x512/apps/org.celogbook.CELogbook.png \
         usr/share/man/man1/ce-logbook.1.gz \
         usr/share/man/man1/ce-logbook-add.1.gz \
         usr/share/bash-completion/completions/ce-logbook \
         usr/share/zsh/vendor-completions/_ce-logbook \
         usr/share/fish/vendor_completions.d/ce-logbook.fish \
         usr/share/doc/ce-logbook/copyright \
         usr/share/doc/ce-logbook/LICENSE-APACHE \
         usr/share/doc/ce-logbook/LICENSE-DejaVu.txt \
         usr/share/doc/ce-logbook/THIRD-PARTY-LICENSES.html; do
  grep -q "\./$f\$" <<<"$contents" || { echo "the package lacks $f" >&2; exit 1; }
done
echo "installed size: $(dpkg-deb --field "$deb" Installed-Size) KB"

echo "== tar.gz"
name="ce-logbook-$version-linux-$(uname -m)"
stage="$dist/$name"
mkdir -p "$stage"/{bin,share/applications,share/metainfo,share/man/man1,share/doc/ce-logbook}
cp "$bin" "$stage/bin/"
cp assets/desktop/org.celogbook.CELogbook.desktop "$stage/share/applications/"
cp assets/desktop/org.celogbook.CELogbook.metainfo.xml "$stage/share/metainfo/"
for size in 16 32 48 64 128 256 512; do
  mkdir -p "$stage/share/icons/hicolor/${size}x${size}/apps"
  cp "assets/icons/ce-logbook-$size.png" \
    "$stage/share/icons/hicolor/${size}x${size}/apps/org.celogbook.CELogbook.png"
done
mkdir -p "$stage/share/icons/hicolor/scalable/apps"
cp assets/icons/ce-logbook.svg "$stage/share/icons/hicolor/scalable/apps/org.celogbook.CELogbook.svg"
cp "$docs"/man/*.1.gz "$stage/share/man/man1/"
mkdir -p "$stage/share/bash-completion/completions" "$stage/share/zsh/site-functions" \
  "$stage/share/fish/vendor_completions.d"
cp "$docs/completions/ce-logbook.bash" "$stage/share/bash-completion/completions/ce-logbook"
cp "$docs/completions/_ce-logbook" "$stage/share/zsh/site-functions/"
cp "$docs/completions/ce-logbook.fish" "$stage/share/fish/vendor_completions.d/"
cp LICENSE-MIT LICENSE-APACHE assets/fonts/LICENSE-DejaVu.txt "$docs/THIRD-PARTY-LICENSES.html" \
  "$stage/share/doc/ce-logbook/"
cp scripts/install.sh "$stage/install.sh"
tar -C "$dist" -czf "$dist/$name.tar.gz" "$name"
rm -rf "$stage"
ls -l "$dist"

echo "== install.sh into a scratch home, then uninstall"
scratch=$(mktemp -d)
tar -C "$scratch" -xzf "$dist/$name.tar.gz"
HOME="$scratch/home" "$scratch/$name/install.sh" >/dev/null
"$scratch/home/.local/bin/ce-logbook" --version
test -f "$scratch/home/.local/share/applications/org.celogbook.CELogbook.desktop"
HOME="$scratch/home" "$scratch/$name/install.sh" --uninstall >/dev/null
test ! -e "$scratch/home/.local/bin/ce-logbook"
rm -rf "$scratch"

if [ "$install" = 1 ] && [ "$(id -u)" = 0 ]; then
  echo "== the .deb installed on this machine"
  dpkg -i "$deb"
  /usr/bin/ce-logbook --version
  man -w ce-logbook
  desktop-file-validate /usr/share/applications/org.celogbook.CELogbook.desktop
  grep -l "^Name=CE Logbook$" /usr/share/applications/*.desktop
  echo "remove it again with: dpkg -r ce-logbook"
fi
echo "packages in $dist"
