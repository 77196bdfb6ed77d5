#!/usr/bin/env bash
# Reproduce the HTML extractor's quality and speed numbers on the article-extraction benchmark:
# token-shingle F1 with the benchmark's evaluate.py, and pages/second of
# stancemap::io::import::html::extract_html next to Python trafilatura on the same pages
# (both single-threaded, pages preloaded, only extraction timed, the best pass: Python of
# REPEATS passes, StanceMap of at least REPEATS passes and 5 s of them, a similar stretch of
# time, since a Python pass takes seconds and StanceMap's a fraction of one), and
# StanceMap's pages/second with the pages shared among all cores, as its import runs.
#
# Usage: benches/html_extraction/run.sh [BENCH_DIR]
#   BENCH_DIR  checkout of article-extraction-benchmark (default: ../shared/bench/article-extraction-benchmark
#              next to the repository, i.e. /work/shared/bench/... on the team machines)
# Env: REPEATS (default 3), SKIP_PYTHON=1 to skip trafilatura, CARGO_TARGET_DIR honoured,
#      HTML_BENCH_BIN=path to use an already built html_bench instead of building it.
# Needs: cargo, python3; installs trafilatura (+ lxml_html_clean) with pip if missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench="${1:-$repo/../shared/bench/article-extraction-benchmark}"
repeats="${REPEATS:-3}"
[[ -f "$bench/evaluate.py" && -d "$bench/html" ]] || { echo "no benchmark at $bench" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pages" "$work/eval/output"

# Decompress once so that neither side's timing includes gzip or disk I/O.
for f in "$bench"/html/*.html.gz; do
  gunzip -c "$f" > "$work/pages/$(basename "$f" .gz)"
done
echo "$(ls "$work/pages" | wc -l) pages"

# Rust side. The program is registered in Cargo.toml as [[example]] html_bench
# (path = "benches/html_extraction/html_bench.rs").
bin="${HTML_BENCH_BIN:-}"
if [[ -z "$bin" ]]; then
  (cd "$repo" && cargo build --release --example html_bench)
  bin="${CARGO_TARGET_DIR:-$repo/target}/release/examples/html_bench"
fi
"$bin" "$work/pages" "$work/eval/output/stancemap.json" "$repeats" \
  | tee "$work/rust.txt"

# Python side.
if [[ "${SKIP_PYTHON:-0}" != 1 ]]; then
  python3 -c 'import trafilatura' 2>/dev/null || python3 -m pip install --quiet trafilatura lxml_html_clean
  python3 "$here/py_trafilatura_bench.py" "$work/pages" "$work/eval/output/py_trafilatura.json" "$repeats" \
    | tee "$work/py.txt"
fi

# Quality: evaluate.py reads ./ground-truth.json and ./output/*.json.
cp "$bench/evaluate.py" "$bench/ground-truth.json" "$work/eval/"
(cd "$work/eval" && python3 evaluate.py --n-bootstrap 1000)

if [[ -f "$work/py.txt" ]]; then
  rust_pps="$(grep '^stancemap extract_html:' "$work/rust.txt" | grep -o '[0-9.]* pages/s' | cut -d' ' -f1)"
  rust_par="$(grep 'in parallel' "$work/rust.txt" | grep -o '[0-9.]* pages/s' | cut -d' ' -f1)"
  py_pps="$(grep -o '[0-9.]* pages/s' "$work/py.txt" | cut -d' ' -f1)"
  python3 -c "print(f'throughput, one thread each: stancemap {$rust_pps} pages/s, python trafilatura {$py_pps} pages/s, ratio {$rust_pps/$py_pps:.1f}x')"
  python3 -c "print(f'stancemap on all cores: {$rust_par} pages/s, {$rust_par/$py_pps:.1f}x python trafilatura on one')"
fi
