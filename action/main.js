// Entry point of the GitHub Action (action.yml): runs the bundled CLI (dist/cli.js) once with
// --format sarif into the report file and, for annotations, once with --format github. Inputs
// arrive as the runner passes them, INPUT_<NAME> environment variables; outputs go to the file
// named by GITHUB_OUTPUT. No dependencies: plain Node, so the action needs no install step.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** An input as the runner sets it: INPUT_ + the name upper-cased, spaces as underscores. */
function input(name) {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

function bool(name, fallback) {
  const v = input(name).toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw new Error(`input ${name} must be true or false (got '${v}')`);
}

/** Splits an option string the way a shell would for plain words and quoted ones (no expansion). */
function words(text) {
  const out = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m; (m = re.exec(text));) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : m[3]);
  return out;
}

function setOutput(name, value) {
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/** A workflow command value: %, CR and LF escaped as the runner expects. */
function escapeData(s) {
  return String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function ensureCli() {
  if (fs.existsSync(CLI)) return;
  // A ref without the built bundle (a branch rather than a release): build it once.
  console.log('dist/cli.js is not in this ref of the action: building it (npm ci, npm run build)');
  for (const [cmd, args] of [['npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts']], [process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')]]]) {
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
  }
}

function lint(format, files, extra) {
  return spawnSync(process.execPath, [CLI, '--format', format, ...extra, ...files], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

function main() {
  const files = words(input('files'));
  if (files.length === 0) throw new Error('input files is empty: name the configuration files to check');
  const sarifFile = path.resolve(input('sarif-file') || 'httpd-lint.sarif');
  const extra = words(input('args'));
  const annotations = bool('annotations', true);
  const failOnFindings = bool('fail-on-findings', true);
  ensureCli();

  const sarif = lint('sarif', files, extra);
  if (sarif.error) throw sarif.error;
  if (sarif.stderr) process.stderr.write(sarif.stderr);
  if (sarif.status === 2 || !sarif.stdout.trim()) throw new Error(`httpd-lint failed (exit ${sarif.status})${sarif.stderr ? `: ${sarif.stderr.trim()}` : ''}`);
  fs.mkdirSync(path.dirname(sarifFile), { recursive: true });
  fs.writeFileSync(sarifFile, sarif.stdout);
  console.log(`SARIF report: ${path.relative(process.cwd(), sarifFile) || sarifFile}`);
  setOutput('sarif-file', sarifFile);
  setOutput('exit-code', sarif.status);

  if (annotations) {
    const gh = lint('github', files, extra);
    if (gh.status !== 2 && gh.stdout) process.stdout.write(gh.stdout);
  }
  if (sarif.status === 1 && failOnFindings) {
    console.log('::error::httpd-lint found problems at its fail level (see the annotations or the SARIF report)');
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.log(`::error::${escapeData(e && e.message ? e.message : e)}`);
  process.exitCode = 1;
}
