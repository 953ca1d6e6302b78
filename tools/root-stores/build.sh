#!/usr/bin/env bash
# Builds the platform root-store snapshots ChangeBot judges chains by (one PEM file per store plus
# manifest.json with source package, version and snapshot date) from installed Debian packages:
#   ca-certificates  -> debian.pem     (Debian/Ubuntu system store: the roots the package ships)
#   testssl.sh       -> mozilla.pem, java.pem, microsoft.pem, apple.pem (its data folder /etc/testssl)
# Usage: tools/root-stores/build.sh [output-folder]
#   default output: src/ChangeBot.Core/Checks/TrustStores/Snapshots (the committed, embedded snapshots).
# An operator refreshing the stores writes to another folder and points Checks:StoreSnapshots at it.
# Needs: apt-get install -y ca-certificates testssl.sh ; openssl.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$repo_root/src/ChangeBot.Core/Checks/TrustStores/Snapshots}"
testssl_etc=/etc/testssl
# Not /etc/ssl/certs/ca-certificates.crt: that bundle also holds the machine's local CAs
# (/usr/local/share/ca-certificates) and honours local deselections; the snapshot is the package's own list.
debian_certs=/usr/share/ca-certificates/mozilla

version_of() { dpkg-query -W -f='${Version}' "$1"; }

for package in ca-certificates testssl.sh; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    echo "build.sh: package '$package' is not installed (apt-get install -y $package)" >&2
    exit 1
  fi
done

mkdir -p "$out"

# Normalises a bundle to bare PEM certificates (drops comments and text dumps), one after another,
# and fails when a certificate does not parse, so a damaged source never becomes a snapshot.
normalise() {
  local source="$1" target="$2"
  awk '/-----BEGIN CERTIFICATE-----/{p=1} p{print} /-----END CERTIFICATE-----/{p=0}' "$source" > "$target.tmp"
  local count
  count=$(grep -c -- '-----BEGIN CERTIFICATE-----' "$target.tmp")
  if [ "$count" -eq 0 ]; then
    echo "build.sh: $source holds no certificate" >&2
    exit 1
  fi
  # Every certificate must parse.
  openssl crl2pkcs7 -nocrl -certfile "$target.tmp" | openssl pkcs7 -print_certs -noout > /dev/null
  mv "$target.tmp" "$target"
  echo "$count"
}

# The snapshot date of each source: when the package's data was taken.
debian_version=$(version_of ca-certificates)
# Debian's ca-certificates versions are the date of the Mozilla data they carry (20230311 -> 2023-03-11).
debian_date=$(echo "$debian_version" | sed -E 's/^([0-9]{4})([0-9]{2})([0-9]{2}).*/\1-\2-\3/')
testssl_version=$(version_of testssl.sh)
# testssl.sh's Mozilla.pem says "Certificate data from Mozilla as of: <date>"; the other files carry
# no date of their own, so the package's file date stands for them (when upstream last refreshed them).
mozilla_date=$(grep -m1 'Certificate data from Mozilla as of' "$testssl_etc/Mozilla.pem" \
  | sed -E 's/.*as of: (.*)$/\1/' | xargs -I{} date -u -d '{}' +%Y-%m-%d)
testssl_date=$(date -u -r "$testssl_etc/Microsoft.pem" +%Y-%m-%d)

declare -a entries=()
add() { # store file count package version date origin name
  entries+=("$(printf '    { "store": "%s", "name": "%s", "file": "%s", "certificates": %s, "sourcePackage": "%s", "version": "%s", "snapshotDate": "%s", "origin": "%s" }' \
    "$1" "$8" "$2" "$3" "$4" "$5" "$6" "$7")")
}

n=$(normalise "$testssl_etc/Mozilla.pem" "$out/mozilla.pem")
add mozilla mozilla.pem "$n" testssl.sh "$testssl_version" "$mozilla_date" "$testssl_etc/Mozilla.pem (curl's extract of Mozilla NSS certdata)" "Mozilla (NSS)"
debian_bundle=$(mktemp)
trap 'rm -f "$debian_bundle"' EXIT
dpkg-query -L ca-certificates | grep -E "^$debian_certs/.*\.crt$" | LC_ALL=C sort | while read -r crt; do cat "$crt"; echo; done > "$debian_bundle"
n=$(normalise "$debian_bundle" "$out/debian.pem")
add debian debian.pem "$n" ca-certificates "$debian_version" "$debian_date" "$debian_certs/*.crt (every root the package ships, Debian's default selection)" "Debian/Ubuntu ca-certificates"
n=$(normalise "$testssl_etc/Java.pem" "$out/java.pem")
add java java.pem "$n" testssl.sh "$testssl_version" "$testssl_date" "$testssl_etc/Java.pem (OpenJDK LTS lib/security/cacerts)" "Java cacerts"
n=$(normalise "$testssl_etc/Microsoft.pem" "$out/microsoft.pem")
add microsoft microsoft.pem "$n" testssl.sh "$testssl_version" "$testssl_date" "$testssl_etc/Microsoft.pem (Windows Update root list)" "Microsoft"
n=$(normalise "$testssl_etc/Apple.pem" "$out/apple.pem")
add apple apple.pem "$n" testssl.sh "$testssl_version" "$testssl_date" "$testssl_etc/Apple.pem (macOS System Roots)" "Apple"

{
  echo '{'
  echo "  \"built\": \"$(date -u +%Y-%m-%d)\","
  echo '  "stores": ['
  ( IFS=$'\n'; echo "${entries[*]}" ) | sed '$!s/$/,/'
  echo '  ]'
  echo '}'
} > "$out/manifest.json"

echo "wrote $(ls "$out"/*.pem | wc -l) stores and manifest.json to $out"
