#!/usr/bin/env bash
# Fresh machine → working policyparse: system OCR packages (when we can install them), a venv
# with the library and its development tools, then the main job over the fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx swe; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && apt-get install -y -qq tesseract-ocr tesseract-ocr-swe >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq tesseract-ocr tesseract-ocr-swe >/dev/null
  else
    echo "setup: tesseract-ocr and tesseract-ocr-swe not installed: scanned PDFs will give no_text" >&2
  fi
fi
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip >/dev/null
.venv/bin/pip install -q -e '.[dev]'
rm -f out/fixtures.jsonl
.venv/bin/policyparse batch fixtures --out out/fixtures.jsonl
