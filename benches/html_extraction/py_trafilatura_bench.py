#!/usr/bin/env python3
"""Time Python trafilatura on a directory of .html pages (extraction only, best of N passes)
and write the article-extraction-benchmark JSON format.

Usage: py_trafilatura_bench.py <dir-with-*.html> <output.json> [repeats]
"""
import json
import pathlib
import sys
import time

import trafilatura


def main() -> None:
    src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    repeats = max(1, int(sys.argv[3])) if len(sys.argv) > 3 else 3
    pages = [(p.name[: -len(".html")], p.read_text(encoding="utf-8", errors="replace"))
             for p in sorted(src.glob("*.html"))]
    best, texts = float("inf"), {}
    for _ in range(repeats):
        start = time.perf_counter()
        texts = {key: trafilatura.extract(html) or "" for key, html in pages}
        best = min(best, time.perf_counter() - start)
    out.write_text(json.dumps({"version": trafilatura.__version__,
                               "output": {k: {"articleBody": v} for k, v in texts.items()}}))
    print(f"python trafilatura {trafilatura.__version__}: {len(pages)} pages, best of {repeats}: "
          f"{best:.3f} s = {len(pages) / best:.1f} pages/s")


if __name__ == "__main__":
    main()
