#!/usr/bin/env bash
# Installs what the editor tests need on Debian 12 (as root), idempotently: Debian's chromium,
# neovim, emacs + eglot, and code-server 4.100.3 (VS Code 1.100.3) from npm into .cache/e2e/cs
# with the workarounds it needs offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
D=${E2E_DIR:-$PWD/.cache/e2e}
mkdir -p "$D"
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v nvim >/dev/null || need+=(neovim)
command -v emacs >/dev/null || need+=(emacs-nox)
[ -d /usr/share/emacs/site-lisp/elpa-src ] && ls /usr/share/emacs/site-lisp/elpa-src | grep -q '^eglot' || need+=(elpa-eglot)
command -v rg >/dev/null || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "apt: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
CS="$D/cs/node_modules/.bin/code-server"
if [ ! -x "$CS" ]; then
  echo "code-server 4.100.3: installing"
  mkdir -p "$D/cs" "$D/tmp/vscode-ripgrep-cache-1.15.11" "$D/rg"
  cp "$(command -v rg)" "$D/rg/rg"
  # @vscode/ripgrep would download its binary; seed its cache with Debian's rg instead.
  tar czf "$D/tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$D/rg" rg
  echo '{"name":"cs-host","private":true}' > "$D/cs/package.json"
  ( cd "$D/cs" && TMPDIR="$D/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --no-audit --no-fund --loglevel=error code-server@4.100.3 )
fi
XDG_CONFIG_HOME="$D/xdg/config" XDG_DATA_HOME="$D/xdg/data" "$CS" --version | head -1
