#!/usr/bin/env bash
# Builds the Teams app package (a zip of manifest.json and the two icons) for one Azure Bot.
# Usage: manifests/teams/package.sh <MicrosoftAppId> [output.zip]
# Then upload the zip in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app_id=${1:?usage: package.sh <MicrosoftAppId> [output.zip]}
out=$(realpath -m "${2:-changebot-teams.zip}")
if ! [[ $app_id =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]]; then
  echo "MicrosoftAppId must be the Azure Bot's app id (a GUID), got '$app_id'" >&2
  exit 64
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s/\${{MICROSOFT_APP_ID}}/$app_id/" "$here/manifest.json" > "$work/manifest.json"
cp "$here/color.png" "$here/outline.png" "$work/"
rm -f "$out"
(cd "$work" && zip -q -X "$out" manifest.json color.png outline.png)
echo "$out"
