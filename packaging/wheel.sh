#!/usr/bin/env bash
# Builds the Python wheel: target/wheels/stancemap-<version>-*.whl
#
# maturin with `bindings = "bin"` (pyproject.toml) puts the `stancemap` command, GUI and CLI, on the
# PATH of whatever environment installs the wheel, the way rerun ships its viewer. Needs Rust and
# Python 3.8+; installs maturin into the user's Python if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v maturin >/dev/null || python3 -m pip install --quiet "maturin>=1.5,<2"
# The binary links only the C library (windowing and GL libraries are loaded at run time), so the
# wheel can claim the manylinux tag of the glibc it was built against.
maturin build --release --locked --out target/wheels "$@"
ls -l target/wheels/stancemap-*.whl
