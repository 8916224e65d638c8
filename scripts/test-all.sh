#!/usr/bin/env bash
# The whole test run, as CI runs it on a fresh Debian 12 machine with Node 20:
# installs what the tests need (npm packages, Debian's apache2 + mod_php for the differential
# tests, pre-commit for the hook test, code-server/chromium/neovim/emacs for the editor tests),
# then runs every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "npm packages"
npm ci --no-audit --no-fund

step "real httpd for the differential tests"
bash scripts/setup-oracle.sh

step "build, type check, unit + CLI + protocol + differential tests"
log=$(mktemp)
npm test 2>&1 | tee "$log"
mocha_passed=$(sed -nE 's/^ +([0-9]+) passing.*/\1/p' "$log" | tail -1)

step "benchmark, quick mode: prints the figures; fails only on a crash or an incremental result unlike a cold one"
node test/bench/run.mjs --quick

step "packages: npm pack + offline install, pre-commit hook, GitHub Action"
bash scripts/setup-packaging.sh
npm run test:package 2>&1 | tee "$log"
package_passed=$(sed -nE 's/^ +([0-9]+) passing.*/\1/p' "$log" | tail -1)

step "capacity model against a live httpd under load on loopback (about 3 minutes)"
npm run test:load 2>&1 | tee "$log"
load_passed=$(sed -nE 's/^ +([0-9]+) passing.*/\1/p' "$log" | tail -1)

step "fuzz slice: properties and the protocol fuzzer (about 2 minutes; FUZZ_SECONDS per property)"
# Seeded from the commit: a commit's CI explores the same inputs on every run (a slower machine
# runs a prefix of them), and each new commit explores new ones. FUZZ_SEED overrides.
commit_seed=$(( 16#$(git rev-parse --short=7 HEAD 2>/dev/null || echo 1) ))
FUZZ_SEED=${FUZZ_SEED:-$commit_seed} npm run test:fuzz 2>&1 | tee "$log"
fuzz_passed=$(sed -nE 's/^ +([0-9]+) passing.*/\1/p' "$log" | tail -1)

step "real editors: VS Code (code-server), Playwright UI, Neovim, Emacs"
bash test/e2e/ci-e2e.sh 2>&1 | tee "$log"
host_passed=$(sed -nE 's/^ +([0-9]+) passing.*/\1/p' "$log" | tail -1)
e2e_passed=$(sed -nE 's/^e2e: ([0-9]+) passed.*/\1/p' "$log" | tail -1)
rm -f "$log"

step "done"
# Reached only when every suite passed (set -e, pipefail).
echo "all: $(( ${mocha_passed:-0} + ${package_passed:-0} + ${load_passed:-0} + ${fuzz_passed:-0} + ${host_passed:-0} + ${e2e_passed:-0} )) passed, 0 failed"
