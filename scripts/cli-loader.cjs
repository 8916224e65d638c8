'use strict';
// dist/cli.js: loads the CLI bundle (dist/cli-main.js) with V8's code cache (dist/cli-main.cache,
// written by scripts/build.mjs), so a run skips parsing and compiling most of the bundle.
// A cache of another build is never read (its header names the build); one that V8 refuses
// (another node version) costs nothing but the read.
// First comes the result cache (server/src/cli/result-cache/fast-path.ts, inlined here by
// scripts/build.mjs): a command line whose stored result still holds is answered without the bundle.
// A lint run is too short for most of TurboFan's work to pay: at 21k lines a third of the CPU
// time went to optimizing functions (with all they call inlined) that then ran a few more times.
// Four times V8's interrupt budget before a function is optimized, and no inlining, keep the
// optimizing for the code that stays hot (CPU at 21k lines -26%, at 208k unchanged: see
// docs/benchmarks.md). Set only when the loader runs the CLI, never inside a program that
// requires it, and before the bundle compiles: the build writes the cache under the same flags,
// and V8 refuses a cache written under other flags.
const V8_FLAGS = '--interrupt-budget=270336 --no-turbo-inlining';
const runsCli = require.main === module || /httpd-lint$/.test(require.main?.filename ?? '');
const fs = require('fs');
const path = require('path');

const BUILD = '__BUILD_ID__';
/* __RESULT_CACHE__ */
if (runsCli && httpdLintResultCache.replayIfCurrent(BUILD, process.argv.slice(2))) module.exports = {};
else loadBundle();

function loadBundle() {
  // Required here, not above: a result-cache hit needs neither.
  const vm = require('vm');
  const Module = require('module');
  if (runsCli) require('v8').setFlagsFromString(V8_FLAGS);
  const file = path.join(__dirname, 'cli-main.js');
  const cacheFile = path.join(__dirname, 'cli-main.cache');

  let cachedData;
  try {
    const cache = fs.readFileSync(cacheFile);
    if (cache.toString('latin1', 0, BUILD.length) === BUILD) cachedData = cache.subarray(BUILD.length);
  } catch {
    // No cache: compile as usual.
  }
  // latin1 when the build found the bundle ASCII: the same text without UTF-8 decoding.
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, '__BUNDLE_ENCODING__')), { filename: file, cachedData });
  const bundle = new Module(file, module);
  bundle.filename = file;
  const bundleRequire = Module.createRequire(file);
  // The bundle runs its command line when it is the main module.
  bundleRequire.main = require.main === module ? bundle : require.main;
  if (process.env.HTTPD_LINT_WRITE_CODE_CACHE === cacheFile) {
    // At exit, so the functions the run compiled are in the cache too.
    process.once('exit', () => fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(BUILD, 'latin1'), script.createCachedData()])));
  }
  script.runInThisContext().call(bundle.exports, bundle.exports, bundleRequire, bundle, file, __dirname);
  bundle.loaded = true;
  module.exports = bundle.exports;
}
