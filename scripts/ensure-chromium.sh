#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests, unless /usr/bin/chromium is already there. Waits
# for another apt or dpkg run to release its locks (scripts/apt-install.sh) instead of failing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" chromium
test -x /usr/bin/chromium
