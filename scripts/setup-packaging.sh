#!/usr/bin/env bash
# Installs what the packaging tests need (test/package/): Debian's pre-commit (with nodeenv), to
# run the repository's hook the way pre-commit runs it. Idempotent; needs root on Debian 12.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if command -v pre-commit >/dev/null; then
  echo "pre-commit already installed: $(pre-commit --version)"
else
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends pre-commit git >/dev/null
  echo "installed: $(pre-commit --version)"
fi
