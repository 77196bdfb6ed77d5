#!/usr/bin/env bash
# Installs the packages deb.sh and wheel.sh built, on this machine, proves each installed command runs
# (the app from the desktop entry's Exec line under Xvfb with a project file, the CLI on the sample),
# then removes them cleanly. Needs root (dpkg). Not part of .ci/run: it needs a second release build.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls -t target/debian/stancemap_*.deb | head -1)
wheel=$(ls -t target/wheels/stancemap-*.whl | head -1)
sample="$PWD/assets/sample.stancemap"
shots=target/packaging

need_apt=()
for tool in Xvfb:xvfb xdotool:xdotool import:imagemagick xdg-mime:xdg-utils update-mime-database:shared-mime-info \
            update-desktop-database:desktop-file-utils; do
    command -v "${tool%%:*}" >/dev/null || need_apt+=("${tool##*:}")
done
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}"
fi

echo "== the .deb: $deb"
dpkg -i "$deb" || DEBIAN_FRONTEND=noninteractive apt-get install -y -q -f
test "$(command -v stancemap)" = /usr/bin/stancemap
stancemap --version
stancemap check "$sample"
test -f /usr/share/icons/hicolor/256x256/apps/stancemap.png
man -w stancemap >/dev/null
desktop-file-validate /usr/share/applications/stancemap.desktop
filetype=$(xdg-mime query filetype "$sample")
echo "xdg-mime: $sample is $filetype"
test "$filetype" = application/x-stancemap
grep -q "application/x-stancemap=stancemap.desktop" /usr/share/applications/mimeinfo.cache
echo "a double-click on a .stancemap opens StanceMap (mimeinfo.cache)"

# The app, started the way a file manager starts it: the desktop entry's Exec line with the file.
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/stancemap.desktop)
command_line=${exec_line//%f/$sample}
display=:37
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 2
# shellcheck disable=SC2086 # the Exec line is a command line
DISPLAY=$display $command_line >"$shots/installed-app.log" 2>&1 &
app=$!
for _ in $(seq 1 60); do
    if DISPLAY=$display xdotool search --name "StanceMap" >/dev/null 2>&1; then break; fi
    sleep 1
done
DISPLAY=$display xdotool search --name "StanceMap" getwindowname
sleep 3
DISPLAY=$display import -window root "$shots/installed-app.png"
echo "screenshot: $shots/installed-app.png"
kill "$app"
wait "$app" 2>/dev/null || true

dpkg -r stancemap
test ! -e /usr/bin/stancemap
test ! -e /usr/share/applications/stancemap.desktop
echo "the .deb installs, runs and is removed cleanly"

echo "== the wheel: $wheel"
venv=$(mktemp -d)
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet "$wheel"
"$venv/bin/stancemap" --version
"$venv/bin/stancemap" check "$sample"
"$venv/bin/pip" uninstall --quiet --yes stancemap
test ! -e "$venv/bin/stancemap"
rm -rf "$venv"
echo "the wheel installs, runs and is removed cleanly"
