#!/usr/bin/env bash
# Editor tests, as CI runs them (npm run test:e2e):
#  1. the extension-host mocha suite inside code-server's real VS Code (payload URL runner),
#  2. a Playwright UI test against the packaged .vsix installed in code-server (beside a stand-in
#     of the grammar-only Apache extension, test/fixtures/apacheconf-standin),
#  3. Neovim and Emacs/eglot smoke tests of `httpd-lsp --stdio`.
# test/e2e/setup.sh installs what they need first. Every process started here is stopped on
# exit. Each step prints PASS or FAIL; the last line is "N passed, M failed".
# E2E_UPDATE_IMAGES=1 also refreshes the README screenshots in docs/images/ (needs pngquant).
set -uo pipefail
cd "$(dirname "$0")/../.."
P=$PWD
export E2E_DIR=${E2E_DIR:-$P/.cache/e2e}
D=$E2E_DIR
PORT=${E2E_PORT:-18090}
CS="$D/cs/node_modules/.bin/code-server"
export XDG_CONFIG_HOME="$D/xdg/config" XDG_DATA_HOME="$D/xdg/data"

passed=0
failed=0
failed_steps=""
step() {
  local name=$1; shift
  local t0=$SECONDS
  if "$@"; then passed=$((passed + 1)); echo "PASS $name ($((SECONDS - t0))s)"; return 0; fi
  failed=$((failed + 1)); failed_steps="$failed_steps; $name"; echo "FAIL $name ($((SECONDS - t0))s)"; return 1
}
finish() {
  echo "e2e: $passed passed, $failed failed${failed_steps:+ (${failed_steps#; })}"
  [ "$failed" -eq 0 ]
  exit
}
# Tests edit and save files, so each gets its own copy of the fixture workspace.
fresh_ws() {
  rm -rf "$1" && mkdir -p "$1"
  cp -a test/fixtures/e2e-ws/. "$1/"
}
package_and_install() {
  rm -rf "$D/ud" "$D/exts" "$D/shots" && mkdir -p "$D/ud/User" "$D/exts" "$D/shots" || return 1
  echo '{"workbench.startupEditor":"none","workbench.welcomePage.walkthroughs.openOnInstall":false,"telemetry.telemetryLevel":"off","extensions.autoCheckUpdates":false,"extensions.autoUpdate":false,"workbench.tips.enabled":false,"git.enabled":false}' > "$D/ud/User/settings.json"
  node scripts/package-vsix.mjs "$D/ext.vsix" >/dev/null || return 1
  echo "vsix: $(stat -c %s "$D/ext.vsix") bytes"
  "$CS" --user-data-dir "$D/ud" --extensions-dir "$D/exts" --install-extension "$D/ext.vsix" >/dev/null || return 1
  # A stand-in of the grammar-only "Apache Conf" extension (language apacheconf for every *.conf),
  # installed beside ours as users have it; the marketplace is not reachable offline.
  (cd test/fixtures/apacheconf-standin && "$P/node_modules/.bin/vsce" package --no-dependencies -o "$D/standin.vsix" >/dev/null) || return 1
  "$CS" --user-data-dir "$D/ud" --extensions-dir "$D/exts" --install-extension "$D/standin.vsix" >/dev/null
}
start_code_server() {
  setsid "$CS" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
    --disable-workspace-trust --user-data-dir "$D/ud" --extensions-dir "$D/exts" > "$D/server.log" 2>&1 &
  CS_PID=$!
  # setsid made it a process group leader: stopping the group also stops its file watchers and extension hosts.
  trap 'kill -- -$CS_PID 2>/dev/null; true' EXIT
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return 0; sleep 0.5; done
  echo "code-server did not answer on port $PORT; see $D/server.log"
  return 1
}
stop_code_server() {
  kill -- -"$CS_PID" 2>/dev/null
  trap - EXIT
  true
}
update_images() {
  mkdir -p docs/images
  pngquant --quality=70-90 --speed 1 --force --output docs/images/problems.png "$D/shots/2-problems.png" &&
    pngquant --quality=70-90 --speed 1 --force --output docs/images/hover.png "$D/shots/3-hover.png" &&
    pngquant --quality=70-90 --speed 1 --force --output docs/images/quickfix.png "$D/shots/4-quickfix.png" &&
    pngquant --quality=70-90 --speed 1 --force --output docs/images/profile.png "$D/shots/9-profile.png" &&
    pngquant --quality=70-90 --speed 1 --force --output docs/images/capacity.png "$D/shots/10-capacity.png" &&
    pngquant --quality=70-90 --speed 1 --force --output docs/images/trace.png "$D/shots/11-trace.png" &&
    pngquant --quality=70-90 --speed 1 --force --output docs/images/trace-rewrite.png "$D/shots/12-trace-rewrite.png" &&
    pngquant --quality=70-90 --speed 1 --force --output docs/images/virtual-hosts.png "$D/shots/13-virtual-hosts.png"
}
lsp_client() {
  local ws=$1; shift
  (cd "$ws" && LS_CMD="node $P/dist/server.js --stdio" timeout 90 "$@" apache2.conf)
}

step "install editors and code-server" bash test/e2e/setup.sh || finish
step "build" bash -c 'npm run build --silent && node test/e2e/build-suite.mjs' || finish
step "package and install the .vsix" package_and_install || finish
step "start code-server" start_code_server || finish

fresh_ws "$D/ws-suite"
step "extension-host suite in code-server" node test/e2e/run-ext-tests.js "http://127.0.0.1:$PORT" "$P" "$D/suite-out/index.js" "$D/ws-suite" 300
fresh_ws "$D/ws-ui"
step "Playwright UI test" node test/e2e/ui.js "http://127.0.0.1:$PORT" "$D/ws-ui" "$D/shots"
stop_code_server
echo "screenshots: $D/shots"
[ "${E2E_UPDATE_IMAGES:-0}" = 1 ] && step "update docs/images" update_images

fresh_ws "$D/ws-clients"
step "Neovim" lsp_client "$D/ws-clients" nvim --headless -u "$P/test/e2e/clients/mini.lua"
step "Emacs + eglot" lsp_client "$D/ws-clients" emacs --batch -q -l "$P/test/e2e/clients/eglot-smoke.el"
finish
