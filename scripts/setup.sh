#!/usr/bin/env bash
# Installs the system libraries the build needs (Debian packages), once. Safe to run again.
set -euo pipefail
packages=(libgmp-dev libyaml-dev libsqlite3-dev libmosquitto-dev libnats-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# git keeps no file modes: private key files must be 0600 or the key holder's commands refuse them,
# and so must the demo runtime key or the runtime refuses it.
chmod 600 "$(dirname "$0")/../examples/keys/"*.key.json "$(dirname "$0")/../examples/keys/"*.runtime-key.json
