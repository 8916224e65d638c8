// Keep-alive and timeout values that cost capacity or make connections churn.

import { serverLevelUse, isOn, parseSeconds } from '../model';
import type { Rule } from './types';
import { lineSpan, wordSpan } from './util';
import { useAtFinding } from './edits';

export const maxKeepAliveRequestsLow: Rule = {
  id: 'maxkeepaliverequests-low',
  category: 'performance',
  defaultSeverity: 'warning',
  summary: 'MaxKeepAliveRequests so low that keep-alive barely helps.',
  check(ctx) {
    const use = serverLevelUse(ctx.model, 'MaxKeepAliveRequests');
    const n = use ? parseInt(use.args[0] ?? '', 10) : NaN;
    if (!use || !(n >= 1 && n <= 10)) return;
    ctx.report({ ...(use.words[0] ? wordSpan(use, use.words[0]) : lineSpan(use)), message: `MaxKeepAliveRequests ${n} closes each connection after ${n} requests: a page with more assets opens new connections (and TLS handshakes). Use 100 (the default) or more.` });
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'maxkeepaliverequests');
    const word = use?.words[0];
    return use && word ? [{ title: 'Set MaxKeepAliveRequests to 100', preferred: true, edits: [{ file: use.file, start: word.start, end: word.end, newText: '100' }] }] : [];
  },
};

export const timeoutHigh: Rule = {
  id: 'timeout-high',
  category: 'performance',
  defaultSeverity: 'information',
  summary: 'TimeOut of several minutes lets slow or stalled clients hold workers.',
  check(ctx) {
    const use = serverLevelUse(ctx.model, 'TimeOut');
    const seconds = use ? parseSeconds(use.args[0] ?? '') : undefined;
    if (!use || seconds === undefined || seconds < 300) return;
    ctx.report({ ...(use.words[0] ? wordSpan(use, use.words[0]) : lineSpan(use)), message: `TimeOut ${use.args[0]}: a client or backend that stalls holds a worker for up to ${seconds} s. The default 60 s suits most sites; raise ProxyTimeout for slow backends instead.` });
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'timeout');
    const word = use?.words[0];
    return use && word ? [{ title: 'Set TimeOut to 60', preferred: true, edits: [{ file: use.file, start: word.start, end: word.end, newText: '60' }] }] : [];
  },
};

export const keepAliveOffEvent: Rule = {
  id: 'keepalive-off-event',
  category: 'performance',
  defaultSeverity: 'information',
  summary: 'KeepAlive Off on the event MPM gives up what event does best.',
  check(ctx) {
    if (ctx.model.mpm !== 'event') return;
    const use = serverLevelUse(ctx.model, 'KeepAlive');
    if (!use || isOn(use.args[0] ?? '')) return;
    ctx.report({ ...lineSpan(use), message: 'KeepAlive Off on the event MPM: event parks idle keep-alive connections without tying up a worker, so keeping them costs little while every new connection costs a handshake. Consider KeepAlive On.' });
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'keepalive');
    const word = use?.words[0];
    return use && word ? [{ title: 'Turn KeepAlive On', preferred: true, edits: [{ file: use.file, start: word.start, end: word.end, newText: 'On' }] }] : [];
  },
};
