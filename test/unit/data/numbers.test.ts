// Durations and integers read the way httpd reads them, by one function that the argument checker,
// the model's effective values, hover and the rules share (issue 9 defect 1, issue 10 item 12).
// The edge values below were probed on Debian's apache2; where it is installed the test asks it again.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getDirective } from '../../../server/src/data';
import { httpdAtoi, parseDuration } from '../../../server/src/data/numbers';
import { secondsValue, serverLevelUse } from '../../../server/src/model';
import { checkArguments } from '../../../server/src/rules/lib/argument-check';
import { mpmLimits } from '../../../server/src/rules/lib/mpm-limits';
import { hoverAt } from '../../../server/src/service/hover';
import { PREFORK_PHP, analysis, model } from '../../helpers/trees';

const HTTPD = '/usr/sbin/apache2';
const dataDir = path.join(__dirname, '..', '..', '..', 'scripts', 'data');

/** KeepAliveTimeout values and the seconds httpd 2.4 reads (undefined: "KeepAliveTimeout has wrong format"). */
const DURATIONS: [string, number | undefined][] = [
  ['15', 15], ['15s', 15], ['+15', 15], ['500ms', 0.5], ['5sec', 5], ['5mi', 300], ['5min', 300], ['5h', 18000],
  ['s', 0], ['-0', 0], [' 5', 5], ['5m', undefined], ['-5', undefined], ['5 ', undefined], ['0x10', undefined],
  ['5S', undefined], ['5MS', undefined], ['abc', undefined],
  // The 64-bit microsecond range check, per unit.
  ['9223372036854', 9223372036854], ['9223372036855', undefined], ['99999999999999999999', undefined],
  ['2562047788h', 9223372036800], ['2562047789h', undefined], ['153722867280mi', 9223372036800], ['153722867281mi', undefined],
  ['9223372036854775ms', 9223372036854.775], ['9223372036854776ms', undefined],
];

/** atoi as httpd's MPMs read MaxRequestWorkers & co. (the values httpd quotes in its AH00182/AH00511 warnings). */
const INTEGERS: [string, number][] = [
  ['2147483647', 2147483647], ['2147483648', -2147483648], ['4294967297', 1], ['99999999999999999999', -1],
  ['-1', -1], ['abc', 0], ['50abc', 50], [' 7', 7], ['+7', 7], ['600s', 600],
];

/**
 * Directives whose handlers read a number the C way (atoi, or strtol with or without its ERANGE
 * check) and then check a range: the values httpd 2.4.71 accepted (true) or refused (false).
 */
const C_NUMBERS: [string, [string, boolean][]][] = [
  // atoi, then "must be a non-negative integer": text reads as 0, 2^31 wraps negative, 2^32 wraps to 0.
  ['LimitRequestFieldSize', [['abc', true], ['12k', true], ['-1', false], ['2147483647', true], ['2147483648', false], ['4294967296', true], ['9223372036854775808', false]]],
  // atoi, then 1..9: "010" is ten.
  ['DeflateCompressionLevel', [['9', true], ['6x', true], ['010', false], ['0', false], ['abc', false]]],
  // atoi, then at least one second.
  ['ProxyTimeout', [['60s', true], ['0', false], ['abc', false], ['4294967296', false]]],
  // atoi, then 0 or at least 512.
  ['ProxyReceiveBufferSize', [['0', true], ['abc', true], ['0x10', true], ['511', false], ['512', true], ['2147483648', false]]],
  // strtol with ERANGE refused, then not negative.
  ['MaxMemFree', [['abc', true], ['-1', false], ['9223372036854775807', true], ['9223372036854775808', false]]],
  // strtol clamped silently, then 0 or at least 512.
  ['ProxyIOBufferSize', [['0', true], ['511', false], ['9223372036854775808', true], ['-1', false]]],
  // strtol, then at most 3074457345618258601 (past 2^53: compared exactly).
  ['LimitXMLRequestBody', [['3074457345618258601', true], ['3074457345618258602', false], ['-1', false]]],
];

const NOT_PARSABLE = 'LimitRequestBody argument is not parsable.';
const NEGATIVE_BODY = 'LimitRequestBody requires a non-negative integer.';
const NOT_POSITIVE = 'AsyncRequestWorkerFactor argument must be a positive number';
const DBD = 'Argument must be numeric!';

/**
 * Handlers with more than one refusal, or whose message quotes the value: each sample (its words
 * as written in the file, `"…"` keeping blanks) with httpd 2.4.71's message, or undefined where it
 * accepts the value; the module it needs and the MPM to load.
 */
const HANDLER_VALUES: { name: string; module?: string; mpm?: string; samples: [string, string | undefined, number?][] }[] = [
  // apr_strtoff: overflow (ERANGE) has its own message; text after the digits, or none, is refused.
  { name: 'LimitRequestBody', samples: [['0', undefined], ['+5', undefined], ['-0', undefined], ['010', undefined], ['" 5"', undefined],
    ['9223372036854775807', undefined], ['9223372036854775808', NOT_PARSABLE], ['-9223372036854775809', NOT_PARSABLE], ['99999999999999999999', NOT_PARSABLE],
    ['-1', NEGATIVE_BODY], ['abc', NEGATIVE_BODY], ['5x', NEGATIVE_BODY], ['1.5', NEGATIVE_BODY], ['"5 "', NEGATIVE_BODY]] },
  { name: 'DeflateInflateLimitRequestBody', module: 'deflate', samples: [['+5', undefined], ['9223372036854775807', undefined],
    ['9223372036854775808', 'DeflateInflateLimitRequestBody is not parsable.'], ['-1', 'DeflateInflateLimitRequestBody requires a non-negative integer.'],
    ['1M', 'DeflateInflateLimitRequestBody requires a non-negative integer.']] },
  { name: 'KeptBodySize', module: 'request', samples: [['+5', undefined], ['9223372036854775808', 'KeptBodySize must be a valid size in bytes, or zero.'],
    ['abc', 'KeptBodySize must be a valid size in bytes, or zero.']] },
  // strtod, which must read the whole word, then above 0 (NaN is not "<= 0").
  { name: 'AsyncRequestWorkerFactor', mpm: 'event', samples: [['2', undefined], ['1.5', undefined], ['1e3', undefined], ['+5', undefined], ['.5', undefined],
    ['" 2"', undefined], ['0x10', undefined], ['0x1p3', undefined], ['inf', undefined], ['nan', undefined], ['1e400', undefined], ['0x1p-1074', undefined],
    ['abc', 'error parsing value'], ['" 2x"', 'error parsing value'], ['1e', 'error parsing value'], ['0x', 'error parsing value'], ['1,5', 'error parsing value'],
    ['-1', NOT_POSITIVE], ['0', NOT_POSITIVE], ['-0', NOT_POSITIVE], ['-inf', NOT_POSITIVE], ['1e-400', NOT_POSITIVE], ['0x1p-1075', NOT_POSITIVE]] },
  // Every word key=value; parse_int is strtol into an int, so 2147483648 is negative and 4294967296 is 0.
  { name: 'RequestReadTimeout', module: 'reqtimeout', samples: [['header=20-40,MinRate=500 body=20,MinRate=500', undefined], ['HEADER=+5', undefined],
    ['handshake=5', undefined], ['header=20,minrate=500', undefined], ['header=4294967296', undefined], ['header=5-0,MinRate=1', undefined],
    ['header=-5', 'RequestReadTimeout: header=-5: Must set MinRate option if using timeout range'],
    ['header=abc', "RequestReadTimeout: header=abc: Value 'abc' not numerical"],
    ['body=20,MinRate=-5', 'RequestReadTimeout: body=20,MinRate=-5: Value must be non-negative'],
    ['header=20 body=5s', "RequestReadTimeout: body=5s: Cannot parse 's'", 1],
    ['header=40-20,MinRate=500', 'RequestReadTimeout: header=40-20,MinRate=500: Maximum timeout must be larger than initial timeout'],
    ['header=20,MinRate=0', 'RequestReadTimeout: header=20,MinRate=0: Minimum data rate must be larger than 0'],
    ['header=2147483648', 'RequestReadTimeout: header=2147483648: Value must be non-negative'],
    ['header=-5-40,MinRate=500', "RequestReadTimeout: header=-5-40,MinRate=500: Cannot parse '-40'"],
    ['foo=5', 'RequestReadTimeout: foo=5: Unknown RequestReadTimeout parameter'],
    ['header', "Invalid RequestReadTimeout parameter. Parameter must be in the form 'key=value'"]] },
  // Digits only (apr_isdigit on every character), then atoi.
  ...['DBDMin', 'DBDMax', 'DBDKeep', 'DBDExptime'].map((name) => ({ name, module: 'dbd', samples: [['0', undefined], ['010', undefined],
    ['9223372036854775808', undefined], ['+5', DBD], ['-1', DBD], ['-0', DBD], ['abc', DBD], ['5x', DBD], ['" 5"', DBD]] as [string, string | undefined][] })),
];

/** The words of a sample: one quoted word, or words split at blanks. */
function sampleWords(text: string): string[] {
  return text.startsWith('"') ? [text.slice(1, -1)] : text.split(' ');
}

function httpdAccepts(dir: string, line: string, mpm = 'prefork'): { ok: boolean; stderr: string } {
  const main = path.join(dir, 'httpd.conf');
  fs.writeFileSync(main, [`LoadModule mpm_${mpm}_module /usr/lib/apache2/modules/mod_mpm_${mpm}.so`, `ErrorLog ${dir}/error.log`, line, ''].join('\n'));
  const env = { PATH: process.env.PATH, LANG: 'C', APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir, APACHE_PID_FILE: path.join(dir, 'pid') };
  const result = spawnSync(HTTPD, ['-d', dir, '-f', main, '-t'], { env, encoding: 'utf8', cwd: '/' });
  return { ok: result.status === 0, stderr: result.stderr };
}

describe('numbers as httpd reads them', () => {
  it('parses every probed duration to the seconds httpd uses', () => {
    for (const [text, seconds] of DURATIONS) assert.strictEqual(parseDuration(text)?.seconds, seconds, text);
  });

  it('reads integers with a 32-bit atoi', () => {
    for (const [text, n] of INTEGERS) assert.strictEqual(httpdAtoi(text), n, text);
  });

  it('checks range-checked numbers as the C handlers read them (cint)', () => {
    for (const [name, samples] of C_NUMBERS) {
      const info = getDirective(name)!;
      assert.strictEqual(info.args.types?.[0]?.kind, 'cint', name);
      for (const [text, accepted] of samples) assert.strictEqual(checkArguments(info, [text]) === undefined, accepted, `${name} ${text}`);
    }
  });

  it('refuses what the handlers refuse, with their message for each refusal, at the word refused', () => {
    for (const { name, samples } of HANDLER_VALUES) {
      for (const [text, message, wordIndex] of samples) {
        const error = checkArguments(getDirective(name)!, sampleWords(text));
        assert.deepStrictEqual(error, message === undefined ? undefined : { message, wordIndex: wordIndex ?? 0 }, `${name} ${text}`);
      }
    }
  });

  it('TimeOut is read with atoi (httpd accepts any text there), KeepAliveTimeout as a duration', () => {
    assert.strictEqual(secondsValue('TimeOut', '600s'), 600);
    assert.strictEqual(secondsValue('Timeout', 'abc'), 0);
    assert.strictEqual(secondsValue('KeepAliveTimeout', '600s'), 600);
    assert.strictEqual(secondsValue('KeepAliveTimeout', '5m'), undefined);
  });

  (fs.existsSync(HTTPD) ? describe : describe.skip)('against the real httpd', () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numbers-oracle-'))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('accepts exactly the KeepAliveTimeout values we parse, and refuses the others with our message', () => {
      const info = getDirective('KeepAliveTimeout')!;
      for (const [text] of DURATIONS) {
        const verdict = httpdAccepts(dir, `KeepAliveTimeout "${text}"`);
        const ours = checkArguments(info, [text]);
        assert.strictEqual(ours === undefined, verdict.ok, `KeepAliveTimeout "${text}": ${verdict.stderr}`);
        if (ours) assert.ok(verdict.stderr.includes(ours.message), `${ours.message} vs ${verdict.stderr}`);
      }
    });

    it('gives the verdicts recorded for the range-checked numbers (cint)', () => {
      const needs: Record<string, string> = { DeflateCompressionLevel: 'deflate', ProxyTimeout: 'proxy', ProxyReceiveBufferSize: 'proxy', ProxyIOBufferSize: 'proxy' };
      for (const [name, samples] of C_NUMBERS) {
        const load = needs[name] ? `LoadModule ${needs[name]}_module /usr/lib/apache2/modules/mod_${needs[name]}.so\n` : '';
        for (const [text, accepted] of samples) assert.strictEqual(httpdAccepts(dir, `${load}${name} ${text}`).ok, accepted, `${name} ${text}`);
      }
    });

    it('gives the verdicts and messages recorded for the handlers with several refusals', () => {
      for (const { name, module, mpm, samples } of HANDLER_VALUES) {
        const load = module ? `LoadModule ${module}_module /usr/lib/apache2/modules/mod_${module}.so\n` : '';
        // KeptBodySize is only allowed in a directory section.
        const line = (text: string) => (name === 'KeptBodySize' ? `<Directory />\n${name} ${text}\n</Directory>` : `${name} ${text}`);
        for (const [text, message] of samples) {
          const verdict = httpdAccepts(dir, `${load}${line(text)}`, mpm);
          assert.strictEqual(verdict.ok, message === undefined, `${name} ${text}: ${verdict.stderr}`);
          // The message ends a line of httpd's ("…: message", or on a line of its own after the file name).
          if (message) assert.ok(verdict.stderr.split('\n').some((l) => l === message || l.endsWith(`: ${message}`)), `${name} ${text}: ${message} vs ${verdict.stderr}`);
        }
      }
    });

    it('accepts TimeOut whatever follows the digits', () => {
      for (const text of ['600s', 'abc', '-5', '9223372036855']) assert.ok(httpdAccepts(dir, `TimeOut ${text}`).ok, text);
      for (const text of ['600s', 'abc', '-5', '9223372036855']) assert.strictEqual(checkArguments(getDirective('TimeOut')!, [text]), undefined, text);
    });
  });

  it('every duration sample of the probe data gets the same seconds in the checker and the model', () => {
    const values = JSON.parse(fs.readFileSync(path.join(dataDir, 'arg-values.json'), 'utf8')).directives as Record<string, { types: { kind: string }[]; valid: string[]; invalid: string[] }>;
    const probe = fs.readFileSync(path.join(dataDir, 'httpd-arg-probe.tsv'), 'utf8').split('\n').filter((l) => l.startsWith('gap\t'));
    let checked = 0;
    for (const [name, spec] of Object.entries(values)) {
      if (spec.types[0]?.kind !== 'duration') continue;
      const info = getDirective(name);
      if (!info?.args.types) continue;
      // The recorded httpd verdicts: hand samples, and the edge samples of the probe's gap rows.
      const samples = new Map<string, boolean>([...spec.valid.map((v) => [v, true] as const), ...spec.invalid.map((v) => [v, false] as const)]);
      for (const row of probe) {
        const m = /^gap\t([^\t]+)\t\t\t'(.*)': httpd (accepts|refuses)/.exec(row);
        if (m && m[1] === name) samples.set(m[2], m[3] === 'accepts');
      }
      for (const [text, httpdAccepted] of samples) {
        // Caps some handlers add on top of the parse (RedisTimeout: at most one hour) are not durations' business.
        if (httpdAccepted === false && parseDuration(text) !== undefined && /h$/.test(text)) continue;
        const checkerAccepts: boolean = checkArguments(info, [text]) === undefined;
        assert.strictEqual(checkerAccepts, httpdAccepted, `${name} ${text}: httpd ${httpdAccepted ? 'accepts' : 'refuses'}`);
        const built = model({ 'httpd.conf': `LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\n${name} ${text}\n` });
        const use = serverLevelUse(built, name)!;
        const modelSeconds = secondsValue(name, use.args[0]);
        assert.strictEqual(modelSeconds, parseDuration(text)?.seconds, `${name} ${text}`);
        assert.strictEqual(checkerAccepts, modelSeconds !== undefined, `${name} ${text}: checker and model disagree`);
        checked++;
      }
    }
    assert.ok(checked >= 40, `only ${checked} samples`);
  });
});

describe('rules read durations and integers the way httpd does', () => {
  const flagship = (timeout: string) =>
    analysis({ ...PREFORK_PHP, 'httpd.conf': PREFORK_PHP['httpd.conf'].replace('KeepAliveTimeout 15', `KeepAliveTimeout ${timeout}`) }).findings.filter((f) => f.code === 'prefork-keepalive-timeout');

  it('the flagship fires on KeepAliveTimeout 15s, +15, 1min and quotes the seconds', () => {
    for (const [text, shown] of [['15s', '15 s'], ['+15', '15 s'], ['1min', '60 s'], ['15sec', '15 s']]) {
      const found = flagship(text);
      assert.strictEqual(found.length, 1, text);
      assert.match(found[0].message, new RegExp(`KeepAliveTimeout ${shown} on prefork`), text);
    }
    assert.strictEqual(flagship('500ms').length, 0);
    assert.strictEqual(flagship('2s').length, 0);
  });

  it('KeepAliveTimeout 9223372036855 is an error (httpd: wrong format); 9223372036854 is not', () => {
    const errors = (value: string) =>
      analysis({ ...PREFORK_PHP, 'httpd.conf': PREFORK_PHP['httpd.conf'].replace('KeepAliveTimeout 15', `KeepAliveTimeout ${value}`) }).findings.filter((f) => f.code === 'invalid-arguments');
    assert.deepStrictEqual(errors('9223372036855').map((f) => f.message), ['KeepAliveTimeout has wrong format']);
    assert.deepStrictEqual(errors('9223372036854'), []);
  });

  it('TimeOut 600s reaches timeout-high with 600 s', () => {
    const a = analysis({ 'httpd.conf': 'LoadModule mpm_event_module modules/mod_mpm_event.so\nTimeOut 600s\n' });
    const found = a.findings.filter((f) => f.code === 'timeout-high');
    assert.strictEqual(found.length, 1);
    assert.match(found[0].message, /up to 600 s/);
  });

  it('MaxKeepAliveRequests 5x is 5 for maxkeepaliverequests-low', () => {
    const a = analysis({ 'httpd.conf': 'LoadModule mpm_event_module modules/mod_mpm_event.so\nMaxKeepAliveRequests 5x\n' });
    assert.strictEqual(a.findings.filter((f) => f.code === 'maxkeepaliverequests-low').length, 1);
  });

  it('MaxRequestWorkers 2147483648 wraps to -2147483648 and is corrected to 1 on prefork (AH00182)', () => {
    const m = model({ 'httpd.conf': 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\nMaxRequestWorkers 2147483648\n' });
    const limits = mpmLimits(m)!;
    assert.deepStrictEqual(limits.adjustments.map((x) => `${x.code}: ${x.text}`), ['AH00182: MaxRequestWorkers of -2147483648 not allowed, increasing to 1.']);
    assert.strictEqual(limits.effectiveWorkers, 1);
    const a = analysis({ 'httpd.conf': 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\nMaxRequestWorkers 2147483648\n' });
    assert.ok(!a.findings.some((f) => f.code === 'maxrequestworkers-over-serverlimit'), 'not reported as over ServerLimit');
  });

  it('hover shows the seconds httpd reads from KeepAliveTimeout 15s and TimeOut 600s', () => {
    const text = 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\nKeepAliveTimeout 15s\nTimeOut 600s\n';
    const a = analysis({ 'httpd.conf': text });
    const file = a.model.mainFile;
    const at = (needle: string) => text.indexOf(needle) + 1;
    assert.match(hoverAt(a.model, file, at('KeepAliveTimeout'))!.markdown, /KeepAliveTimeout `15s` \(= 15 s\)/);
    assert.match(hoverAt(a.model, file, at('TimeOut'))!.markdown, /reads this as 600 s/);
  });
});
