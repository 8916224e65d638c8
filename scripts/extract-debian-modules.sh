#!/usr/bin/env bash
# Writes scripts/data/debian-modules.tsv (a2enmod name, LoadModule identifier, .so file) from a
# Debian /etc/apache2/mods-available folder (default: the system's), so that generate-data.mjs
# needs no Debian system.
set -euo pipefail
dir=${1:-/etc/apache2/mods-available}
out=${2:-$(dirname "$0")/data/debian-modules.tsv}
{
  printf '# from %s (Debian mods-available/*.load)\n' "$(basename "$(dirname "$dir")")/$(basename "$dir")"
  printf 'debianName\tidentifier\tsoFile\n'
  for f in "$dir"/*.load; do
    { grep -hE "^[[:space:]]*LoadModule" "$f" || true; } | while read -r _ id so || [ -n "${id:-}" ]; do
      printf '%s\t%s\t%s\n' "$(basename "$f" .load)" "$id" "$(basename "$so")"
    done
  done
} > "$out"
