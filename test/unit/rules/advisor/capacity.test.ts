import * as assert from 'assert';
import { mpmLimits } from '../../../../server/src/rules/lib/mpm-limits';
import { model } from '../../../helpers/trees';
import { applyFix, run, server, textOf, titles, where } from './harness';

const EVENT = server('event');
const WORKER = server('worker');
const PREFORK = server('prefork');

function tuned(mpm: string, lines: string): string {
  return `<IfModule mpm_${mpm}_module>\n${lines
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n</IfModule>\n`;
}

describe('advisor: MPM capacity', () => {
  describe('mpm-limits replays httpd check_config', () => {
    it('starts from the compiled-in defaults, which do not follow ServerLimit or ThreadsPerChild', () => {
      const ev = mpmLimits(model({ 'httpd.conf': `${EVENT}ServerLimit 2\n` }))!;
      assert.deepStrictEqual(ev.adjustments.map((a) => `${a.code}: ${a.text}`), [
        'AH00515: MaxRequestWorkers of 400 would require 16 servers and would exceed ServerLimit of 2, decreasing to 50. To increase, please see the ServerLimit directive.',
      ]);
      assert.strictEqual(ev.effectiveWorkers, 50);
      assert.strictEqual(ev.processes, 2);
      const pre = mpmLimits(model({ 'httpd.conf': `${PREFORK}ServerLimit 10\n` }))!;
      assert.deepStrictEqual(pre.adjustments.map((a) => a.code), ['AH00180']);
      assert.strictEqual(pre.effectiveWorkers, 10);
    });

    it('applies the corrections in httpd order, each on the value left by the previous one', () => {
      const ev = mpmLimits(model({ 'httpd.conf': `${EVENT}ServerLimit 2\nMaxRequestWorkers 410\n` }))!;
      assert.deepStrictEqual(ev.adjustments.map((a) => `${a.code} ${a.from}->${a.to}`), ['AH00513 410->400', 'AH00515 400->50']);
      const wk = mpmLimits(model({ 'httpd.conf': `${WORKER}ServerLimit 2\nThreadLimit 10\nThreadsPerChild 50\nMaxRequestWorkers 105\n` }))!;
      assert.deepStrictEqual(wk.adjustments.map((a) => `${a.code} ${a.from}->${a.to}`), ['AH00310 50->10', 'AH00316 105->100', 'AH00318 100->20']);
      assert.deepStrictEqual(wk.effective, { serverLimit: 2, threadLimit: 10, threadsPerChild: 10, maxRequestWorkers: 20 });
    });

    it('takes the last of MaxClients and MaxRequestWorkers, and reads numbers like atoi', () => {
      const l = mpmLimits(model({ 'httpd.conf': `${PREFORK}MaxRequestWorkers 100\nMaxClients 300\n` }))!;
      assert.strictEqual(l.maxRequestWorkers.value, 300);
      assert.strictEqual(l.effectiveWorkers, 256);
      assert.strictEqual(mpmLimits(model({ 'httpd.conf': `${PREFORK}MaxRequestWorkers 12abc\n` }))!.maxRequestWorkers.value, 12);
    });
  });

  describe('maxrequestworkers-over-serverlimit', () => {
    it('quotes AH00180 on prefork with the effective value, on the MaxRequestWorkers line of an included file', () => {
      const files = { 'httpd.conf': `${PREFORK}Include mpm.conf\n`, 'mpm.conf': tuned('prefork', 'ServerLimit 100\nMaxRequestWorkers 400') };
      assert.deepStrictEqual(where('maxrequestworkers-over-serverlimit', files), ['mpm.conf:3']);
      const f = run('maxrequestworkers-over-serverlimit', files).found[0];
      assert.strictEqual(f.severity, 'warning');
      assert.match(f.message, /httpd lowers MaxRequestWorkers 400 to 100 at start \(AH00180\)/);
      assert.match(f.message, /Raise ServerLimit to 400 if memory allows/);
    });

    it('quotes AH00515 on event and AH00318 on worker', () => {
      const ev = run('maxrequestworkers-over-serverlimit', { 'httpd.conf': `${EVENT}ServerLimit 2\nThreadsPerChild 25\nMaxRequestWorkers 400\n` }).found;
      assert.match(ev[0].message, /MaxRequestWorkers 400 to 50 at start \(AH00515\)\. Raise ServerLimit to 16/);
      const wk = run('maxrequestworkers-over-serverlimit', { 'httpd.conf': `${WORKER}ServerLimit 2\nMaxRequestWorkers 400\n` }).found;
      assert.match(wk[0].message, /\(AH00318\)/);
    });

    it('reports on ServerLimit when MaxRequestWorkers is left at its default', () => {
      const files = { 'httpd.conf': `${EVENT}ServerLimit 4\n` };
      assert.deepStrictEqual(where('maxrequestworkers-over-serverlimit', files), ['httpd.conf:3']);
      assert.match(run('maxrequestworkers-over-serverlimit', files).found[0].message, /MaxRequestWorkers 400 \(its default\)/);
    });

    it('is silent when everything fits, and for the stock Debian sizes', () => {
      assert.deepStrictEqual(where('maxrequestworkers-over-serverlimit', { 'httpd.conf': `${PREFORK}ServerLimit 500\nMaxRequestWorkers 400\n` }), []);
      assert.deepStrictEqual(where('maxrequestworkers-over-serverlimit', { 'httpd.conf': `${PREFORK}MaxRequestWorkers 150\n` }), []);
      assert.deepStrictEqual(where('maxrequestworkers-over-serverlimit', { 'httpd.conf': EVENT + tuned('event', 'ThreadLimit 64\nThreadsPerChild 25\nMaxRequestWorkers 150') }), []);
      assert.deepStrictEqual(where('maxrequestworkers-over-serverlimit', { 'httpd.conf': `${EVENT}<IfModule mpm_prefork_module>\nMaxRequestWorkers 900\n</IfModule>\n` }), []);
    });

    it('offers to write down what httpd uses (preferred) or to raise ServerLimit, editing or inserting exactly one line', () => {
      const r = run('maxrequestworkers-over-serverlimit', { 'httpd.conf': `${PREFORK}ServerLimit 100\nMaxRequestWorkers 400\n` });
      assert.deepStrictEqual(titles(r), [['Set MaxRequestWorkers to 100 (what httpd uses)', true], ['Raise ServerLimit to 400', false]]);
      assert.deepStrictEqual(applyFix(r, 'Set MaxRequestWorkers to 100 (what httpd uses)'), { 'httpd.conf': `${PREFORK}ServerLimit 100\nMaxRequestWorkers 100\n` });
      assert.deepStrictEqual(applyFix(r, 'Raise ServerLimit to 400'), { 'httpd.conf': `${PREFORK}ServerLimit 400\nMaxRequestWorkers 400\n` });
      const inserted = run('maxrequestworkers-over-serverlimit', { 'httpd.conf': EVENT + tuned('event', 'MaxRequestWorkers 800') });
      assert.deepStrictEqual(applyFix(inserted, 'Raise ServerLimit to 32'), { 'httpd.conf': EVENT + tuned('event', 'MaxRequestWorkers 800\nServerLimit 32') });
      const atDefault = run('maxrequestworkers-over-serverlimit', { 'httpd.conf': `${EVENT}ServerLimit 4\n` });
      assert.deepStrictEqual(applyFix(atDefault, 'Set MaxRequestWorkers to 100 (what httpd uses)'), { 'httpd.conf': `${EVENT}ServerLimit 4\nMaxRequestWorkers 100\n` });
    });
  });

  describe('maxrequestworkers-not-multiple', () => {
    it('quotes AH00513 with the rounded value, and AH00511 when below ThreadsPerChild', () => {
      const files = { 'httpd.conf': EVENT + tuned('event', 'ThreadsPerChild 25\nMaxRequestWorkers 110') };
      assert.deepStrictEqual(where('maxrequestworkers-not-multiple', files), ['httpd.conf:5']);
      assert.match(run('maxrequestworkers-not-multiple', files).found[0].message, /httpd changes MaxRequestWorkers 110 to 100 at start \(AH00513\)\. Set it to a multiple of ThreadsPerChild 25/);
      const below = run('maxrequestworkers-not-multiple', { 'httpd.conf': `${EVENT}ThreadsPerChild 30\nMaxRequestWorkers 10\n` }).found;
      assert.match(below[0].message, /MaxRequestWorkers 10 to 30 at start \(AH00511\)/);
    });

    it('reports on ThreadsPerChild when only it is set (400 is not a multiple of 64)', () => {
      const files = { 'httpd.conf': `${WORKER}ThreadsPerChild 64\n` };
      assert.deepStrictEqual(where('maxrequestworkers-not-multiple', files), ['httpd.conf:3']);
      assert.match(run('maxrequestworkers-not-multiple', files).found[0].message, /MaxRequestWorkers 400 \(its default\) to 384 at start \(AH00316\)/);
    });

    it('is silent for multiples, for prefork and for the defaults', () => {
      assert.deepStrictEqual(where('maxrequestworkers-not-multiple', { 'httpd.conf': `${EVENT}ThreadsPerChild 25\nMaxRequestWorkers 100\n` }), []);
      assert.deepStrictEqual(where('maxrequestworkers-not-multiple', { 'httpd.conf': `${PREFORK}MaxRequestWorkers 110\n` }), []);
      assert.deepStrictEqual(where('maxrequestworkers-not-multiple', { 'httpd.conf': EVENT }), []);
    });

    it('sets the rounded value, or inserts it after ThreadsPerChild when MaxRequestWorkers is unset', () => {
      const r = run('maxrequestworkers-not-multiple', { 'httpd.conf': `${EVENT}MaxRequestWorkers 110\n` });
      assert.deepStrictEqual(applyFix(r, 'Set MaxRequestWorkers to 100'), { 'httpd.conf': `${EVENT}MaxRequestWorkers 100\n` });
      const unset = run('maxrequestworkers-not-multiple', { 'httpd.conf': EVENT + tuned('event', 'ThreadsPerChild 64') });
      assert.deepStrictEqual(applyFix(unset, 'Set MaxRequestWorkers to 384'), { 'httpd.conf': EVENT + tuned('event', 'ThreadsPerChild 64\nMaxRequestWorkers 384') });
    });
  });

  describe('threadsperchild-over-threadlimit', () => {
    it('quotes AH00507 on event, also against the default ThreadLimit of 64', () => {
      assert.deepStrictEqual(where('threadsperchild-over-threadlimit', { 'httpd.conf': `${EVENT}ThreadLimit 10\nThreadsPerChild 50\n` }), ['httpd.conf:4']);
      const f = run('threadsperchild-over-threadlimit', { 'httpd.conf': `${EVENT}ThreadsPerChild 100\n` }).found[0];
      assert.match(f.message, /ThreadsPerChild 100 to 64 at start, as ThreadLimit \(default 64\) caps it \(AH00507\)/);
    });

    it('is silent within the limit and on prefork', () => {
      assert.deepStrictEqual(where('threadsperchild-over-threadlimit', { 'httpd.conf': `${EVENT}ThreadsPerChild 50\n` }), []);
      assert.deepStrictEqual(where('threadsperchild-over-threadlimit', { 'httpd.conf': `${EVENT}ThreadLimit 128\nThreadsPerChild 100\n` }), []);
      assert.deepStrictEqual(where('threadsperchild-over-threadlimit', { 'httpd.conf': PREFORK }), []);
    });

    it('offers ThreadsPerChild = ThreadLimit (preferred) or a higher ThreadLimit', () => {
      const r = run('threadsperchild-over-threadlimit', { 'httpd.conf': `${EVENT}ThreadLimit 10\nThreadsPerChild 50\n` });
      assert.deepStrictEqual(titles(r), [['Set ThreadsPerChild to 10 (what httpd uses)', true], ['Raise ThreadLimit to 50', false]]);
      assert.deepStrictEqual(applyFix(r, 'Raise ThreadLimit to 50'), { 'httpd.conf': `${EVENT}ThreadLimit 50\nThreadsPerChild 50\n` });
      const unset = run('threadsperchild-over-threadlimit', { 'httpd.conf': `${EVENT}ThreadsPerChild 100\n` });
      assert.deepStrictEqual(applyFix(unset, 'Raise ThreadLimit to 100'), { 'httpd.conf': `${EVENT}ThreadsPerChild 100\nThreadLimit 100\n` });
    });
  });

  describe('spare-inversion', () => {
    it('prefork: MaxSpareServers not above MinSpareServers, raised to Min + 1', () => {
      const files = { 'httpd.conf': PREFORK + tuned('prefork', 'MinSpareServers 10\nMaxSpareServers 5') };
      assert.deepStrictEqual(where('spare-inversion', files), ['httpd.conf:5']);
      const r = run('spare-inversion', files);
      assert.match(r.found[0].message, /MaxSpareServers 5 leaves no room above MinSpareServers 10: httpd raises it to MinSpareServers \+ 1 = 11/);
      assert.deepStrictEqual(r.found[0].related?.map((x) => x.line + 1), [4]);
      assert.deepStrictEqual(applyFix(r), { 'httpd.conf': PREFORK + tuned('prefork', 'MinSpareServers 10\nMaxSpareServers 11') });
      assert.deepStrictEqual(where('spare-inversion', { 'httpd.conf': `${PREFORK}MinSpareServers 5\nMaxSpareServers 5\n` }), ['httpd.conf:4']);
    });

    it('threaded: MaxSpareThreads below MinSpareThreads + ThreadsPerChild, also against defaults', () => {
      assert.deepStrictEqual(where('spare-inversion', { 'httpd.conf': `${EVENT}MinSpareThreads 300\nMaxSpareThreads 250\n` }), ['httpd.conf:4']);
      const r = run('spare-inversion', { 'httpd.conf': `${WORKER}MaxSpareThreads 80\n` });
      assert.match(r.found[0].message, /MaxSpareThreads leaves no room above MinSpareThreads: httpd raises it to 100 at start/);
      assert.deepStrictEqual(applyFix(r), { 'httpd.conf': `${WORKER}MaxSpareThreads 100\n` });
    });

    it('is silent with a gap, with nothing set, and for the other MPM family', () => {
      assert.deepStrictEqual(where('spare-inversion', { 'httpd.conf': `${PREFORK}MinSpareServers 5\nMaxSpareServers 10\n` }), []);
      assert.deepStrictEqual(where('spare-inversion', { 'httpd.conf': EVENT + tuned('event', 'MinSpareThreads 25\nMaxSpareThreads 75\nThreadsPerChild 25') }), []);
      assert.deepStrictEqual(where('spare-inversion', { 'httpd.conf': EVENT }), []);
      assert.deepStrictEqual(where('spare-inversion', { 'httpd.conf': EVENT + tuned('prefork', 'MinSpareServers 10\nMaxSpareServers 5') }), []);
    });
  });

  describe('tuning-for-inactive-mpm', () => {
    it('notes a block for another MPM, pointing at the block that applies', () => {
      const files = { 'httpd.conf': `${EVENT}Include mpm.conf\n`, 'mpm.conf': tuned('prefork', 'MaxRequestWorkers 150') + tuned('event', 'MaxRequestWorkers 150') + '<IfModule worker.c>\n    ThreadsPerChild 25\n</IfModule>\n' };
      assert.deepStrictEqual(where('tuning-for-inactive-mpm', files), ['mpm.conf:1', 'mpm.conf:7']);
      const f = run('tuning-for-inactive-mpm', files).found[0];
      assert.strictEqual(f.severity, 'information');
      assert.match(f.message, /tunes the prefork MPM, but the server runs event: MaxRequestWorkers here have no effect/);
      assert.deepStrictEqual(f.related?.map((x) => x.line + 1), [4]);
      assert.deepStrictEqual(f.tags, ['unnecessary']);
    });

    it('is silent for the running MPM, negated conditions, empty blocks and unknown module state', () => {
      assert.deepStrictEqual(where('tuning-for-inactive-mpm', { 'httpd.conf': PREFORK + tuned('prefork', 'MaxRequestWorkers 150') }), []);
      assert.deepStrictEqual(where('tuning-for-inactive-mpm', { 'httpd.conf': `${PREFORK}<IfModule !mpm_event_module>\nMaxRequestWorkers 150\n</IfModule>\n` }), []);
      assert.deepStrictEqual(where('tuning-for-inactive-mpm', { 'httpd.conf': `${PREFORK}<IfModule mpm_event_module>\n</IfModule>\n` }), []);
      assert.deepStrictEqual(where('tuning-for-inactive-mpm', { 'httpd.conf': tuned('prefork', 'MaxRequestWorkers 150') }), []);
    });
  });

  it('all capacity fixes keep the rest of the file byte for byte', () => {
    const original = `# sizing\r\n${PREFORK.replace(/\n/g, '\r\n')}<IfModule mpm_prefork_module>\r\n\tServerLimit 100\r\n\tMaxRequestWorkers 400   \r\n</IfModule>\r\n`;
    const r = run('maxrequestworkers-over-serverlimit', { 'httpd.conf': original });
    assert.strictEqual(applyFix(r, 'Raise ServerLimit to 400')['httpd.conf'], textOf(r, 'httpd.conf').replace('ServerLimit 100', 'ServerLimit 400'));
  });
});
