#!/usr/bin/env bash
# The browser tests drive Debian's Chromium with CJK fonts (no browser downloads); the document
# files embed those fonts and their tests read the PDFs back with poppler's pdftotext / pdftoppm.
# Installs them with apt when missing, so `npm test` works on a fresh Debian machine with nothing else typed.
set -euo pipefail
have_fonts() { fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' && fc-list 2>/dev/null | grep -qi 'Noto Serif CJK'; }
have_poppler() { command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; }
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && have_fonts && have_poppler; then exit 0; fi
echo "== installing Chromium, CJK fonts and poppler (apt-get install chromium fonts-noto-cjk poppler-utils)"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q chromium fonts-noto-cjk poppler-utils >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium fonts-noto-cjk poppler-utils >/dev/null; }
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || { echo "Chromium is still missing: install the Debian package 'chromium' (or set CHROMIUM_PATH)"; exit 1; }
