#!/usr/bin/env bash
# System packages the tests need, from Debian's archive, installed only when missing:
# Chromium for the browser tests (Playwright cannot download its own browser here),
# pdftotext to read the printable report, DejaVu so the PDF can show any name, and PostgreSQL 15
# for the store and room tests that run against a real server (tests/postgres.py starts a throwaway one).
set -euo pipefail
missing=()
# The browser tests launch this exact path, so check it rather than whatever `chromium` is on PATH.
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing from Debian's packages: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
