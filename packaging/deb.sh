#!/usr/bin/env bash
# Builds the Debian package: target/debian/stancemap_<version>_<arch>.deb
#
# Installs what it needs (cargo-deb, help2man for the man page, rsvg-convert for the icons), builds
# the release binary, renders the hicolor icons from assets/icon.svg and writes the man page from
# `stancemap --help`. Runs on a fresh Debian/Ubuntu machine with Rust (as root or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need_apt=()
command -v help2man >/dev/null || need_apt+=(help2man)
command -v rsvg-convert >/dev/null || need_apt+=(librsvg2-bin)
command -v desktop-file-validate >/dev/null || need_apt+=(desktop-file-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need_apt[@]}"
fi
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked --version ^3

desktop-file-validate packaging/stancemap.desktop

cargo build --release --locked
out=target/packaging
rm -rf "$out" && mkdir -p "$out/icons"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$out/icons/${size}x${size}"
    rsvg-convert -w "$size" -h "$size" assets/icon.svg -o "$out/icons/${size}x${size}/stancemap.png"
done
help2man --no-info --name "map where parties stand on issues" --version-string "$(target/release/stancemap --version | cut -d' ' -f2)" \
    target/release/stancemap | gzip -9n > "$out/stancemap.1.gz"

cargo deb --no-build --no-strip
ls -l target/debian/*.deb
