// The GitHub Action run the way the runner runs a `node20` action: `node <main>` from the
// installed package (which carries action.yml, action/ and the bundled CLI), in a workspace, with
// every input of action.yml as an INPUT_<NAME> variable (the runner sets the defaults too) and
// GITHUB_OUTPUT naming the outputs file.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { exampleCopy, packed, type Packed } from './packed';

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
}

/** action.yml parsed by PyYAML (installed with pre-commit by scripts/setup-packaging.sh). */
function readActionYml(file: string): ActionYml {
  const r = spawnSync('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', file], { encoding: 'utf8' });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('GitHub Action (action.yml run as the runner runs it, from the installed package)', function () {
  this.timeout(240000);
  let pkg: Packed;
  let action: ActionYml;
  let workspace: string;

  /** Runs the action's main with the given inputs over action.yml's defaults. */
  function runAction(inputs: Record<string, string>) {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: path.join(pkg.dir, 'home') };
    for (const [name, spec] of Object.entries(action.inputs)) {
      const value = inputs[name] ?? spec.default;
      if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    }
    const outputs = path.join(pkg.dir, `github-output-${Date.now()}`);
    fs.writeFileSync(outputs, '');
    Object.assign(env, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputs, RUNNER_TEMP: pkg.dir });
    const main = path.join(pkg.installed, action.runs.main);
    const r = spawnSync(process.execPath, [main], { cwd: workspace, env, encoding: 'utf8' });
    const out = Object.fromEntries(fs.readFileSync(outputs, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs: out };
  }

  before(() => {
    pkg = packed();
    action = readActionYml(path.join(pkg.installed, 'action.yml'));
    workspace = path.join(pkg.dir, 'workspace');
    fs.mkdirSync(workspace, { recursive: true });
    fs.cpSync(exampleCopy(pkg.dir), path.join(workspace, 'etc', 'apache2'), { recursive: true, verbatimSymlinks: true });
    fs.mkdirSync(path.join(workspace, 'etc', 'httpd'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'etc', 'httpd', 'httpd.conf'), 'LoadModule mpm_event_module modules/mod_mpm_event.so\nListne 80\n');
  });

  it('declares a node20 action whose entry point ships in the package', () => {
    assert.strictEqual(action.runs.using, 'node20');
    assert.ok(fs.existsSync(path.join(pkg.installed, action.runs.main)), action.runs.main);
    assert.strictEqual(action.inputs.files.required, true);
    assert.deepStrictEqual(Object.keys(action.outputs).sort(), ['exit-code', 'sarif-file']);
  });

  it('writes a SARIF report of the example, annotates the warning, and passes', () => {
    const r = runAction({ files: 'etc/apache2/apache2.conf' });
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    const sarifFile = path.join(workspace, action.inputs['sarif-file'].default!);
    assert.strictEqual(r.outputs['sarif-file'], sarifFile);
    assert.strictEqual(r.outputs['exit-code'], '0');
    const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
    assert.strictEqual(sarif.version, '2.1.0');
    assert.strictEqual(sarif.runs[0].tool.driver.name, 'httpd-lint');
    const flagship = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'prefork-keepalive-timeout');
    assert.ok(flagship, 'the flagship finding is in the report');
    const loc = flagship.physicalLocation ?? flagship.locations[0].physicalLocation;
    assert.match(loc.artifactLocation.uri, /etc\/apache2\/apache2\.conf$/);
    assert.strictEqual(loc.region.startLine, 111);
    assert.match(r.stdout, /^::warning .*file=etc\/apache2\/apache2\.conf,line=111\b.*prefork-keepalive-timeout/m);
  });

  it('fails the step on an error finding, still writing the report; fail-on-findings false only reports', () => {
    const failing = runAction({ files: 'etc/httpd/httpd.conf', 'sarif-file': 'reports/httpd.sarif' });
    assert.strictEqual(failing.code, 1, failing.stdout + failing.stderr);
    assert.strictEqual(failing.outputs['exit-code'], '1');
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'reports', 'httpd.sarif'), 'utf8'));
    const typo = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'unknown-directive');
    assert.strictEqual(typo.level, 'error');
    assert.match(failing.stdout, /^::error .*file=etc\/httpd\/httpd\.conf,line=2\b/m);
    const reporting = runAction({ files: 'etc/httpd/httpd.conf', 'fail-on-findings': 'false', annotations: 'false' });
    assert.strictEqual(reporting.code, 0, reporting.stdout + reporting.stderr);
    assert.strictEqual(reporting.outputs['exit-code'], '1');
    assert.doesNotMatch(reporting.stdout, /^::error .*file=/m);
  });

  it('reports a usage failure of the CLI as a failed step with its message', () => {
    const r = runAction({ files: 'etc/apache2/apache2.conf', args: '--no-such-option' });
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /^::error::httpd-lint failed \(exit 2\): .*no-such-option/m);
  });
});
