#!/usr/bin/env bash
# Editor tests, as CI runs them (after test/e2e/setup.sh has installed what they need):
#  1. the extension-host mocha suite inside code-server's real VS Code (payload URL runner),
#  2. a Playwright UI test against the packaged .vsix installed in code-server,
#  3. Neovim and Emacs/eglot smoke tests of `httpd-lsp --stdio`.
# Every process started here is stopped on exit. Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
P=$PWD
D=${E2E_DIR:-$P/.cache/e2e}
PORT=${E2E_PORT:-18090}
bash test/e2e/setup.sh || exit 1
CS="$D/cs/node_modules/.bin/code-server"
export XDG_CONFIG_HOME="$D/xdg/config" XDG_DATA_HOME="$D/xdg/data"

passed=0
failed=0
step() {
  local name=$1; shift
  local t0=$(date +%s)
  if "$@"; then passed=$((passed + 1)); echo "PASS $name ($(( $(date +%s) - t0 ))s)"
  else failed=$((failed + 1)); echo "FAIL $name ($(( $(date +%s) - t0 ))s)"; fi
}
fresh_ws() {
  rm -rf "$1" && mkdir -p "$1"
  cp -a examples/debian-prefork-php/. "$1/"
  cp -a test/fixtures/e2e-ws/. "$1/"
}

npm run build --silent || exit 1
node test/e2e/build-suite.mjs || exit 1
rm -rf "$D/ud" "$D/exts" "$D/shots" && mkdir -p "$D/ud/User" "$D/exts" "$D/shots"
echo '{"workbench.startupEditor":"none","telemetry.telemetryLevel":"off","extensions.autoCheckUpdates":false,"extensions.autoUpdate":false,"workbench.tips.enabled":false,"git.openRepositoryInParentFolders":"never","git.enabled":false}' > "$D/ud/User/settings.json"
npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links -o "$D/ext.vsix" >/dev/null || exit 1
echo "vsix: $(stat -c %s "$D/ext.vsix") bytes"
"$CS" --user-data-dir "$D/ud" --extensions-dir "$D/exts" --install-extension "$D/ext.vsix" >/dev/null || exit 1

setsid "$CS" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --user-data-dir "$D/ud" --extensions-dir "$D/exts" > "$D/server.log" 2>&1 &
CS_PID=$!
trap 'kill -- -$CS_PID 2>/dev/null; true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

fresh_ws "$D/ws-suite"
step "extension-host suite in code-server" node test/e2e/run-ext-tests.js "http://127.0.0.1:$PORT" "$P" "$D/suite-out/index.js" "$D/ws-suite" 300
fresh_ws "$D/ws-ui"
step "Playwright UI test" node test/e2e/ui.js "http://127.0.0.1:$PORT" "$D/ws-ui" "$D/shots"
kill -- -"$CS_PID" 2>/dev/null
trap - EXIT

fresh_ws "$D/ws-clients"
step "Neovim" bash -c "cd '$D/ws-clients' && LS_CMD='node $P/dist/server.js --stdio' timeout 90 nvim --headless -u '$P/test/e2e/clients/mini.lua' apache2.conf"
step "Emacs + eglot" bash -c "cd '$D/ws-clients' && LS_CMD='node $P/dist/server.js --stdio' timeout 90 emacs --batch -q -l '$P/test/e2e/clients/eglot-smoke.el' apache2.conf"

echo "screenshots: $D/shots"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
