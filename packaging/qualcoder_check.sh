#!/usr/bin/env bash
# Does a real REFI-QDA client read our .qdpx? Exports StanceMap projects as .qdpx, imports each into
# QualCoder (its own importer, qualcoder/refi.py, run headless by packaging/qualcoder_check.py with
# QT_QPA_PLATFORM=offscreen) and prints QualCoder's counts of sources, codes and codings beside the
# file's, and whether every coded text QualCoder stored is its source's text at the coding's offsets.
# Exits non-zero when they disagree. Not part of `cargo test` or .ci/run: it needs QualCoder's source
# and PyQt6 from outside the Rust build.
#
#   packaging/qualcoder_check.sh [FILE.qdpx ...]
#
# Without files it checks the bundled sample, a generated 100-article corpus and a small project whose
# quotes hold emoji and Cyrillic, Hebrew and Arabic text.
# QUALCODER_SRC  a checkout of github.com/ccbogel/QualCoder (else cloned into the cache folder)
# STANCEMAP      the stancemap binary (else target/debug/stancemap, built when missing)
# PYTHON         a Python 3.10+ with PyQt6 (else a virtual environment with PyQt6 in the cache folder)
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${XDG_CACHE_HOME:-$HOME/.cache}/stancemap-qualcoder-check"
mkdir -p "$cache"

stancemap="${STANCEMAP:-target/debug/stancemap}"
if [ ! -x "$stancemap" ]; then
    nice -n 10 cargo build --bin stancemap
fi

source_dir="${QUALCODER_SRC:-$cache/QualCoder}"
if [ ! -f "$source_dir/src/qualcoder/refi.py" ]; then
    git clone --depth 1 https://github.com/ccbogel/QualCoder "$source_dir"
fi
if [ -d "$source_dir/.git" ]; then
    echo "QualCoder source: $source_dir at $(git -C "$source_dir" log -1 --format='%h %ad' --date=short)"
else
    echo "QualCoder source: $source_dir"
fi

python="${PYTHON:-}"
if [ -z "$python" ]; then
    if python3 -c 'import PyQt6.QtWidgets' 2>/dev/null; then
        python=python3
    else
        if [ ! -x "$cache/venv/bin/python" ]; then
            python3 -m venv "$cache/venv"
            "$cache/venv/bin/pip" install -q PyQt6
        fi
        python="$cache/venv/bin/python"
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    "$stancemap" sample "$work/sample.stancemap" >/dev/null
    "$stancemap" export "$work/sample.stancemap" --format qdpx --out "$work/sample.qdpx" >/dev/null 2>&1
    "$stancemap" generate --articles 100 --positions 3000 -o "$work/corpus.stancemap" >/dev/null
    "$stancemap" export "$work/corpus.stancemap" --format qdpx --out "$work/corpus-100.qdpx" >/dev/null 2>&1
    # Emoji (one with a ZWJ), Cyrillic, Hebrew and Arabic: code points differ from bytes and UTF-16.
    printf '%s\n' 'Kyiv 😀 talks: Россия rejects NATO membership outright.' \
        'Israel (ישראל) backs a ceasefire now 👩‍💻.' 'مرحبا: the EU supports membership.' >"$work/world.txt"
    "$stancemap" import --project "$work/world.stancemap" "$work/world.txt" >/dev/null
    title='Kyiv 😀 talks: Россия rejects NATO membership outright. Israel (ישראל)…'
    cat >"$work/world.csv" <<CSV
actor,issue,position,article,quote
Россия,NATO membership,5,"$title",Россия rejects NATO membership outright
ישראל,Ceasefire,90,"$title",Israel (ישראל) backs a ceasefire now 👩‍💻
EU 😀,NATO membership,95,"$title",مرحبا: the EU supports membership
CSV
    "$stancemap" import-positions --project "$work/world.stancemap" --create-missing "$work/world.csv" >/dev/null
    "$stancemap" export "$work/world.stancemap" --format qdpx --out "$work/world.qdpx" >/dev/null 2>&1
    files=("$work/sample.qdpx" "$work/corpus-100.qdpx" "$work/world.qdpx")
fi

status=0
for file in "${files[@]}"; do
    QT_QPA_PLATFORM=offscreen "$python" packaging/qualcoder_check.py "$source_dir" "$file" 2>&1 \
        | grep -v "^No module named 'vlc'$" || status=1
done
exit $status
