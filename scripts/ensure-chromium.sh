#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (browser downloads are not used).
# Installs it when missing and we are allowed to; otherwise the browser tests are skipped
# with a message saying why.
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installo Chromium per i test nel browser (apt-get)…"
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null && exit 0
fi
echo "Chromium non è installato (/usr/bin/chromium): i test nel browser saranno saltati." >&2
echo "Per eseguirli: sudo apt-get install chromium" >&2
exit 0
