#!/usr/bin/env bash
# The browser tests drive Debian's Chromium with CJK fonts (no browser downloads). Installs them
# with apt when missing, so `npm test` works on a fresh Debian machine with nothing else typed.
set -euo pipefail
have_fonts() { fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; }
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && have_fonts; then exit 0; fi
echo "== installing Chromium and CJK fonts (apt-get install chromium fonts-noto-cjk)"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q chromium fonts-noto-cjk >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium fonts-noto-cjk >/dev/null; }
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || { echo "Chromium is still missing: install the Debian package 'chromium' (or set CHROMIUM_PATH)"; exit 1; }
