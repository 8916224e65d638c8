import * as assert from 'assert';
import { DEFAULT_PROCESS_MB, estimateMemory } from '../../../../server/src/rules/memory-budget';
import { renderProfileText, serverProfile } from '../../../../server/src/service/profile';
import { readSettings } from '../../../../server/src/service/settings';
import { analysis } from '../../../helpers/trees';
import { applyFix, run, server, titles, where } from './harness';

const PHP = 'LoadModule php_module modules/libphp8.2.so\n';
const PREFORK_PHP = `${server('prefork')}${PHP}`;
const tuning = (mpm: string, lines: string) => `<IfModule mpm_${mpm}_module>\n    ${lines.split('\n').join('\n    ')}\n</IfModule>\n`;

describe('advisor: memory budget', () => {
  it('estimates processes × per-process size, by MPM and in-process language', () => {
    const a = analysis({ 'httpd.conf': PREFORK_PHP + tuning('prefork', 'MaxRequestWorkers 150') });
    assert.deepStrictEqual(estimateMemory(a.model, a.settings), { processes: 150, perProcessMB: 60, key: 'prefork+php', peakMB: 9000, measured: false });
    const ev = analysis({ 'httpd.conf': server('event') + tuning('event', 'ThreadsPerChild 25\nMaxRequestWorkers 150') });
    assert.deepStrictEqual(estimateMemory(ev.model, ev.settings), { processes: 6, perProcessMB: DEFAULT_PROCESS_MB.event, key: 'event', peakMB: 180, measured: false });
    const plain = analysis({ 'httpd.conf': server('prefork') });
    assert.strictEqual(estimateMemory(plain.model, plain.settings)?.key, 'prefork');
    assert.strictEqual(estimateMemory(plain.model, plain.settings)?.processes, 256, 'prefork default MaxRequestWorkers');
  });

  it('uses the capacity httpd really runs (after its own corrections)', () => {
    const a = analysis({ 'httpd.conf': `${PREFORK_PHP}ServerLimit 50\nMaxRequestWorkers 400\n` });
    assert.strictEqual(estimateMemory(a.model, a.settings)?.processes, 50);
  });

  it('warns above 90% of apache.memory.totalMB, on the MaxRequestWorkers line of an included file', () => {
    const files = { 'httpd.conf': `${PREFORK_PHP}Include mpm.conf\n`, 'mpm.conf': tuning('prefork', 'MaxRequestWorkers 150') };
    assert.deepStrictEqual(where('memory-budget', files, { memoryTotalMB: 4096 }), ['mpm.conf:2']);
    const f = run('memory-budget', files, { memoryTotalMB: 4096 }).found[0];
    assert.match(f.message, /^At full load 150 processes × ~60 MB ≈ 9000 MB, over 90% of the 4096 MB/);
    assert.match(f.message, /About 61 MaxRequestWorkers fit\./);
    assert.deepStrictEqual(where('memory-budget', files, { memoryTotalMB: 10000 }), [], '9000 MB is exactly 90% of 10000 MB');
    assert.deepStrictEqual(where('memory-budget', files, { memoryTotalMB: 9999 }), ['mpm.conf:2']);
  });

  it('is silent while the machine size is unknown (0) or invalid', () => {
    assert.deepStrictEqual(where('memory-budget', { 'httpd.conf': PREFORK_PHP }), []);
    assert.deepStrictEqual(where('memory-budget', { 'httpd.conf': PREFORK_PHP }, { memoryTotalMB: -5 }), []);
  });

  it('takes measured sizes from apache.memory.perProcessMB (exact key, then the bare MPM), ignoring nonsense', () => {
    const files = { 'httpd.conf': PREFORK_PHP + tuning('prefork', 'MaxRequestWorkers 150') };
    assert.deepStrictEqual(where('memory-budget', files, { memoryTotalMB: 16384 }), []);
    assert.deepStrictEqual(where('memory-budget', files, { memoryTotalMB: 16384, perProcessMB: { 'prefork+php': 200 } }), ['httpd.conf:5']);
    assert.deepStrictEqual(where('memory-budget', files, { memoryTotalMB: 16384, perProcessMB: { prefork: 200 } }), ['httpd.conf:5']);
    assert.deepStrictEqual(where('memory-budget', files, { memoryTotalMB: 16384, perProcessMB: { 'prefork+php': -1 } }), []);
    assert.match(run('memory-budget', files, { memoryTotalMB: 16384, perProcessMB: { 'prefork+php': 200 } }).found[0].message, /150 processes × ~200 MB/);
  });

  it('reads the settings as the editor sends them', () => {
    const s = readSettings({ memory: { totalMB: 2048, perProcessMB: { event: 45, prefork: 'big' } } });
    assert.strictEqual(s.analysis.memoryTotalMB, 2048);
    assert.deepStrictEqual(s.analysis.perProcessMB, { event: 45 });
    const ev = analysis({ 'httpd.conf': server('event') + tuning('event', 'MaxRequestWorkers 1250\nServerLimit 50') }, 'httpd.conf', s.analysis);
    const found = ev.findings.filter((f) => f.code === 'memory-budget');
    assert.strictEqual(found.length, 1);
    assert.match(found[0].message, /^At full load 50 processes × ~45 MB ≈ 2250 MB/);
  });

  it('offers to lower MaxRequestWorkers to what fits, not preferred', () => {
    const r = run('memory-budget', { 'httpd.conf': PREFORK_PHP + tuning('prefork', 'MaxRequestWorkers 150') }, { memoryTotalMB: 4096 });
    assert.deepStrictEqual(titles(r), [['Lower MaxRequestWorkers to 61', false]]);
    assert.deepStrictEqual(applyFix(r), { 'httpd.conf': PREFORK_PHP + tuning('prefork', 'MaxRequestWorkers 61') });
    const threaded = run('memory-budget', { 'httpd.conf': server('event') + tuning('event', 'MaxRequestWorkers 1000\nServerLimit 40') }, { memoryTotalMB: 1000 });
    assert.deepStrictEqual(titles(threaded), [['Lower MaxRequestWorkers to 750', false]], 'a multiple of ThreadsPerChild');
  });

  it('the server profile shows the estimate with a load chart', () => {
    const text = renderProfileText(serverProfile(analysis({ 'httpd.conf': PREFORK_PHP + tuning('prefork', 'MaxRequestWorkers 150') }, 'httpd.conf', { memoryTotalMB: 16384 })));
    assert.match(text, /Estimated peak memory\n\s+Per process\s+~60 MB \(prefork\+php;/);
    assert.match(text, /Peak\s+~9000 MB for 150 processes of 16384 MB \(55%\)/);
    assert.match(text, /100% load\s+█+░* 9000 MB/);
  });
});
