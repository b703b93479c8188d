#!/usr/bin/env bash
# Installs Debian packages with apt-get, waiting (up to APT_LOCK_WAIT seconds, default 600) for
# another apt or dpkg run to finish instead of failing at once, as on a fresh machine where
# unattended-upgrades or cloud-init is still installing. `-o DPkg::Lock::Timeout` makes apt-get wait
# for dpkg's locks; it does not cover the package-lists lock that `apt-get update` takes, so the
# update is retried while another process holds that one. Runs as root, or through sudo (`sudo -n`
# off a terminal, so it never waits for a password).
# Usage: scripts/apt-install.sh PACKAGE…
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 PACKAGE…" >&2
  exit 2
fi
WAIT_SECONDS="${APT_LOCK_WAIT:-600}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "apt-install: not root and no sudo, cannot run apt-get." >&2
    exit 1
  fi
  if [ -t 0 ]; then SUDO=(sudo); else SUDO=(sudo -n); fi
fi
APT=(${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=$WAIT_SECONDS")

deadline=$((SECONDS + WAIT_SECONDS))
said=""
until out="$("${APT[@]}" update -qq 2>&1)"; do
  if ! grep -q 'Could not get lock' <<<"$out" || [ "$SECONDS" -ge "$deadline" ]; then
    printf '%s\n' "$out" >&2
    exit 1
  fi
  if [ -z "$said" ]; then
    echo "apt-install: another apt process holds the package lists lock; waiting up to ${WAIT_SECONDS} s…" >&2
    said=1
  fi
  sleep 5
done
if [ -n "$out" ]; then printf '%s\n' "$out" >&2; fi
"${APT[@]}" install -y -qq "$@"
