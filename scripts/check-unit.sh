#!/usr/bin/env bash
# Checks the systemd unit the Debian package installs (cheap; scripts/test.sh runs it): every hardening
# option the project promises is declared, and, where systemd-analyze can review a unit offline, its
# overall exposure stays at or below 1.5 ("OK").
set -euo pipefail
cd "$(dirname "$0")/.."
unit=packaging/privacy-runtime@.service
required=(
  "NoNewPrivileges=yes" "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" "LimitCORE=0"
  "ReadWritePaths=/var/lib/privacy-runtime" "MemoryDenyWriteExecute=yes" "CapabilityBoundingSet="
  "PrivateDevices=yes" "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" "SystemCallFilter=@system-service"
  "User=privacy-runtime" "ExecStart=/usr/bin/privacy-runtime run --policy /etc/privacy-runtime/%i.yaml --log-format json \$PRIVACY_RUNTIME_ARGS"
)
missing=0
for line in "${required[@]}"; do
  grep -qxF "$line" "$unit" || { echo "check-unit: $unit lacks '$line'" >&2; missing=1; }
done
# ReadWritePaths is the one writable place: no other path may be opened for writing.
if [ "$(grep -c '^ReadWritePaths=' "$unit")" -ne 1 ]; then echo "check-unit: more than one ReadWritePaths=" >&2; missing=1; fi
[ "$missing" -eq 0 ] || exit 1
if systemd-analyze security --help 2>/dev/null | grep -q -- '--offline'; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  cp "$unit" "$dir/"
  report=$(cd "$dir" && systemd-analyze security --offline=true --threshold=15 --no-pager "$(basename "$unit")" 2>&1) || {
    echo "$report" >&2
    echo "check-unit: systemd-analyze rates the unit's exposure above 1.5" >&2
    exit 1
  }
  echo "check-unit: $(echo "$report" | grep -o 'Overall exposure level.*')"
else
  echo "check-unit: declared options present (systemd-analyze security --offline is unavailable here)"
fi
bash -n scripts/package-deb.sh scripts/test-package.sh packaging/postinst packaging/postrm packaging/prerm
