#!/usr/bin/env bash
# Re-vendor the minutes' rich-text editor: Squire (squire-rte) and DOMPurify, prebuilt files from
# their npm packages, checked against the integrity the registry publishes. Nothing is built and
# nothing is fetched at run time: the files land in static/vendor/ and are committed.
# Usage: scripts/vendor_rich_text_editor.sh   (needs npm; bump the versions below to upgrade)
set -euo pipefail
cd "$(dirname "$0")/.."
SQUIRE_VERSION=2.4.8
DOMPURIFY_VERSION=3.5.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch <package> <version>: unpacks the registry's tarball into $work/<package>
  local name=$1 version=$2 tarball
  tarball=$(cd "$work" && npm pack --silent "$name@$version")
  local expected actual
  expected=$(npm view "$name@$version" dist.integrity)
  actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
  [ "$expected" = "$actual" ] || { echo "integrity mismatch for $name@$version" >&2; exit 1; }
  mkdir -p "$work/$name"
  tar xzf "$work/$tarball" -C "$work/$name"
}

fetch squire-rte "$SQUIRE_VERSION"
fetch dompurify "$DOMPURIFY_VERSION"
# The source-map comment is dropped: the maps are not vendored (and a hashed static storage would
# refuse a reference to a missing file).
sed '/^\/\/# sourceMappingURL=/d' "$work/squire-rte/package/dist/squire.js" >static/vendor/squire/squire.js
cp "$work/squire-rte/package/LICENSE" static/vendor/squire/LICENSE
sed '/^\/\/# sourceMappingURL=/d' "$work/dompurify/package/dist/purify.min.js" >static/vendor/dompurify/purify.min.js
cp "$work/dompurify/package/LICENSE" static/vendor/dompurify/LICENSE
sha256sum static/vendor/squire/squire.js static/vendor/dompurify/purify.min.js
echo "Now update the versions and hashes in static/vendor/squire/README.md and static/vendor/dompurify/README.md."
