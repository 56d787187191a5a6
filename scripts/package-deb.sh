#!/usr/bin/env bash
# Builds dist/privacy-runtime_VERSION_ARCH.deb: the release binary with the Swift runtime linked in
# (--static-swift-stdlib), Depends computed by dpkg-shlibdeps from the libraries it links (so a library no
# Debian package provides fails the build), the shipped policies under /etc/privacy-runtime, the demo data
# and keys, the systemd unit privacy-runtime@.service, a man page and shell completions.
# Usage: scripts/package-deb.sh [--binary PATH]   (PATH: an already built release binary to package)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
scratch="$root/.build-release"
binary=""
if [ "${1:-}" = --binary ]; then binary="$2"; fi

version=$(sed -n 's/.*static let release = "\(.*\)".*/\1/p' Sources/PrivacyRuntimeCLI/VersionText.swift)
arch=$(dpkg --print-architecture)
[ -n "$version" ] || { echo "package-deb: no release version in VersionText.swift" >&2; exit 1; }

if [ -z "$binary" ]; then
  echo "package-deb: release build (static Swift runtime)"
  swift build -c release --static-swift-stdlib --product privacy-runtime --scratch-path "$scratch"
  binary="$scratch/release/privacy-runtime"
fi

# The man page comes from swift-argument-parser's generate-manual tool (built from the resolved checkout).
echo "package-deb: man page"
parser="$scratch/checkouts/swift-argument-parser"
[ -d "$parser" ] || parser="$root/.build/checkouts/swift-argument-parser"
swift build -c release --package-path "$parser" --scratch-path "$scratch/argument-parser-tools" --product generate-manual >/dev/null
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/privacy-runtime_${version}_${arch}"
mkdir -p "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/etc/privacy-runtime" \
  "$pkg/usr/share/privacy-runtime/examples/data" "$pkg/usr/share/privacy-runtime/examples/keys" \
  "$pkg/usr/share/man/man1" "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/zsh/vendor-completions" \
  "$pkg/usr/share/fish/vendor_completions.d" "$pkg/usr/share/doc/privacy-runtime"

install -m 0755 "$binary" "$pkg/usr/bin/privacy-runtime"
strip --strip-unneeded "$pkg/usr/bin/privacy-runtime"
mkdir -p "$stage/man"
"$scratch/argument-parser-tools/release/generate-manual" "$pkg/usr/bin/privacy-runtime" \
  --output-directory "$stage/man" --section 1 --authors "privacy-runtime maintainers" >/dev/null
gzip -9n -c "$stage/man/privacy-runtime.1" > "$pkg/usr/share/man/man1/privacy-runtime.1.gz"
"$pkg/usr/bin/privacy-runtime" --generate-completion-script bash > "$pkg/usr/share/bash-completion/completions/privacy-runtime"
"$pkg/usr/bin/privacy-runtime" --generate-completion-script zsh > "$pkg/usr/share/zsh/vendor-completions/_privacy-runtime"
"$pkg/usr/bin/privacy-runtime" --generate-completion-script fish > "$pkg/usr/share/fish/vendor_completions.d/privacy-runtime.fish"

# Policies as shipped, with their relative paths pointed at the installed example data and the state folder.
share=/usr/share/privacy-runtime
for policy in policies/*.yaml; do
  sed -e "s|\.\./examples/|$share/examples/|g" -e "s|\.\./out/|/var/lib/privacy-runtime/|g" \
      -e "s|\$schema=schema.json|\$schema=$share/schema.json|" "$policy" > "$pkg/etc/privacy-runtime/$(basename "$policy")"
  chmod 0644 "$pkg/etc/privacy-runtime/$(basename "$policy")"
done
install -m 0644 policies/schema.json "$pkg$share/schema.json"
install -m 0644 examples/data/readings.csv "$pkg$share/examples/data/readings.csv"
install -m 0644 examples/keys/demo-utility.pub.json "$pkg$share/examples/keys/demo-utility.pub.json"
# The demo private key, for trying `decrypt` (root only); a real key holder's key never goes in a package.
install -m 0600 examples/keys/demo-utility.key.json "$pkg$share/examples/keys/demo-utility.key.json"
install -m 0644 packaging/privacy-runtime@.service "$pkg/lib/systemd/system/privacy-runtime@.service"
install -m 0644 README.md "$pkg/usr/share/doc/privacy-runtime/README.md"
install -m 0755 packaging/postinst packaging/postrm packaging/prerm "$pkg/DEBIAN/"
(cd "$pkg" && find etc -type f | sed 's|^|/|' | sort) > "$pkg/DEBIAN/conffiles"

# Depends: what dpkg-shlibdeps derives from the binary's NEEDED libraries, plus useradd for the postinst.
mkdir -p "$stage/shlibs/debian"
printf 'Source: privacy-runtime\n\nPackage: privacy-runtime\nArchitecture: any\n' > "$stage/shlibs/debian/control"
shlibs=$(cd "$stage/shlibs" && dpkg-shlibdeps -O "$pkg/usr/bin/privacy-runtime" 2>"$stage/shlibdeps.err") || {
  cat "$stage/shlibdeps.err" >&2
  echo "package-deb: the binary links a library no Debian package provides (is the Swift runtime linked in?)" >&2
  exit 1
}
depends="${shlibs#shlibs:Depends=}, passwd"
size=$(du -sk "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: privacy-runtime
Version: $version
Architecture: $arch
Maintainer: privacy-runtime maintainers <privacy-runtime@localhost>
Installed-Size: $size
Depends: $depends
Section: net
Priority: optional
Description: encrypts smart-meter readings and releases only window aggregates
 A privacy layer between smart meters and a utility's database: every reading is
 Paillier-encrypted with the utility's public key, ciphertexts are summed per
 household or region and window, readings are destroyed once folded in, and only
 sealed window aggregates reach the sinks. Runs as privacy-runtime@POLICY.service.
CONTROL
mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$pkg" "dist/privacy-runtime_${version}_${arch}.deb" >/dev/null
echo "package-deb: dist/privacy-runtime_${version}_${arch}.deb ($(du -h "dist/privacy-runtime_${version}_${arch}.deb" | cut -f1)); Depends: $depends"
