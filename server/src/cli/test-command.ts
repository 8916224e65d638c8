// httpd-lint test requests.yaml MAIN.conf: request tests for CI. Each case gives a request and
// what should happen (status, Location, served file, handler, virtual host); a failing case
// prints its trace. Exit status: 0 every case passed, 1 a case failed, 2 usage, I/O or a
// malformed requests file.

import * as fs from 'fs';
import * as path from 'path';
import { renderTraceText, type TraceQuery, type TraceResult } from '../service';
import { failure, parseSubcommand, TREE_OPTION_LINES, treeOptions, type CommandIo } from './subcommand';
import { visibleControls } from './formats/shared';
import { serviceFor } from './tree';

export const TEST_USAGE = `Usage: httpd-lint test [options] REQUESTS.yaml MAIN.conf

Runs request tests: each case is traced and compared with what it expects.

REQUESTS.yaml:
  exists: [/var/www/html/index.html]     # optional: files that exist, for every case
  homes: {alice: /home/alice}            # optional: users' home directories (UserDir), for every case
  cases:
    - name: home page
      url: http://www.example.com/
      method: GET                        # optional (default GET)
      headers: {Accept-Language: de}     # optional
      client: 203.0.113.7                # optional (default 127.0.0.1)
      exists: [/var/www/html/a.png]      # optional, added to the shared list
      homes: {bob: /srv/homes/bob}       # optional, added to the shared homes
      expect:                            # any of:
        status: 200
        location: null                   # the Location header, or null for none
        file: /var/www/html/index.html   # the file served, or null
        handler: static                  # static, php-module, php-fpm, cgi, proxy, redirect…
        vhost: www.example.com           # ServerName of the host, or null for the main server
        rewritten: /index.php            # what mod_rewrite made of the URL, or null for no rewrite

Options:
${TREE_OPTION_LINES}

Exit status: 0 all cases pass, 1 a case fails, 2 usage, unreadable or malformed files.`;

const CASE_KEYS = new Set(['name', 'url', 'method', 'headers', 'client', 'exists', 'homes', 'expect']);
const EXPECT_KEYS = ['status', 'location', 'file', 'handler', 'vhost', 'rewritten'] as const;
type ExpectKey = (typeof EXPECT_KEYS)[number];

interface RequestCase {
  name: string;
  query: TraceQuery;
  expect: Partial<Record<ExpectKey, string | number | null>>;
}

export interface CaseResult {
  name: string;
  ok: boolean;
  failures: { field: ExpectKey; expected: string | number | null; actual: string | number | null }[];
  /** Expectations that were not checked, with why. */
  notChecked: string[];
  trace: TraceResult;
}

class CasesError extends Error {}

export function runRequestTests(argv: string[], io: CommandIo): number {
  const parsed = parseSubcommand<object>(argv, {}, TEST_USAGE, io);
  if (typeof parsed === 'number') return parsed;
  const { values: v, json } = parsed;
  if (parsed.positionals.length !== 2) return failure(io, 'usage', 'test needs a requests file and a main configuration file', json, TEST_USAGE);
  const [requestsFile, main] = parsed.positionals;
  let cases: RequestCase[];
  try {
    cases = readCases(fs.readFileSync(requestsFile, 'utf8'));
  } catch (e) {
    const message = e instanceof CasesError ? `${requestsFile}: ${e.message}` : `cannot read ${requestsFile}: ${(e as Error).message}`;
    return failure(io, 'io', message, json);
  }
  const tree = serviceFor(main, treeOptions(v));
  if ('error' in tree) return failure(io, 'io', tree.error, json);
  const results = cases.map((c) => judge(c, tree.service.trace(tree.main, c.query)));
  const failed = results.filter((r) => !r.ok).length;
  if (json) io.out(JSON.stringify({ version: 1, passed: results.length - failed, failed, cases: results }, null, 2));
  else io.out(visibleControls(renderResults(results, process.cwd())));
  return failed ? 1 : 0;
}

/** The YAML parser, loaded on first use: a plain lint run never needs it (its modules cost ≈ 2 ms CPU of every start). */
function parseYaml(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('yaml') as typeof import('yaml')).parse(text);
}

/** Parses and checks the requests file; throws CasesError with the case and field at fault. */
export function readCases(text: string): RequestCase[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new CasesError(`not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const top = Array.isArray(doc) ? { cases: doc } : (doc as Record<string, unknown> | null);
  if (!top || typeof top !== 'object' || !Array.isArray(top.cases)) throw new CasesError('expected a list of cases under "cases:"');
  const shared = stringList(top.exists, 'exists');
  const sharedHomes = homeMap(top.homes, 'homes');
  return top.cases.map((raw, i) => {
    const label = `case ${i + 1}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CasesError(`${label}: expected a mapping`);
    const c = raw as Record<string, unknown>;
    for (const key of Object.keys(c)) if (!CASE_KEYS.has(key)) throw new CasesError(`${label}: unknown field '${key}'`);
    if (typeof c.url !== 'string' || !c.url) throw new CasesError(`${label}: 'url' is required`);
    const name = typeof c.name === 'string' && c.name ? c.name : `${typeof c.method === 'string' ? c.method : 'GET'} ${c.url}`;
    const headers: Record<string, string> = {};
    if (c.headers !== undefined) {
      if (!c.headers || typeof c.headers !== 'object' || Array.isArray(c.headers)) throw new CasesError(`${label}: 'headers' must be a mapping of names to values`);
      for (const [k, value] of Object.entries(c.headers)) headers[k] = String(value);
    }
    const expect: RequestCase['expect'] = {};
    if (!c.expect || typeof c.expect !== 'object' || Array.isArray(c.expect)) throw new CasesError(`${label}: 'expect' must be a mapping (status, location, file, handler, vhost)`);
    for (const [k, value] of Object.entries(c.expect)) {
      if (!(EXPECT_KEYS as readonly string[]).includes(k)) throw new CasesError(`${label}: unknown expectation '${k}' (${EXPECT_KEYS.join(', ')})`);
      if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw new CasesError(`${label}: '${k}' must be a value or null`);
      expect[k as ExpectKey] = value;
    }
    if (!Object.keys(expect).length) throw new CasesError(`${label}: 'expect' names nothing to check`);
    const exists = [...shared, ...stringList(c.exists, `${label}: exists`)];
    const homes = { ...sharedHomes, ...homeMap(c.homes, `${label}: homes`) };
    return {
      name,
      query: {
        url: c.url,
        method: typeof c.method === 'string' ? c.method : undefined,
        headers,
        clientAddress: typeof c.client === 'string' ? c.client : undefined,
        exists: exists.length ? exists : undefined,
        homes: Object.keys(homes).length ? homes : undefined,
      },
      expect,
    };
  });
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new CasesError(`${what} must be a list of paths`);
  return value as string[];
}

/** User names to absolute home directories, as `trace --home USER=DIR` takes them. */
function homeMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new CasesError(`${what} must be a mapping of user names to home directories`);
  const out: Record<string, string> = {};
  for (const [user, dir] of Object.entries(value)) {
    if (typeof dir !== 'string' || !dir.startsWith('/')) throw new CasesError(`${what}: the home of '${user}' must be an absolute path`);
    out[user] = dir;
  }
  return out;
}

function actualOf(key: ExpectKey, trace: TraceResult): string | number | null {
  const o = trace.outcome;
  switch (key) {
    case 'status':
      return o.status;
    case 'location':
      return o.location;
    case 'file':
      return o.file;
    case 'handler':
      return o.handler;
    case 'vhost':
      return trace.vhost ? trace.vhost.serverName : null;
    case 'rewritten': {
      // The last rule that changed the URL (or path) says what the request became.
      const changed = trace.rewrite.filter((s) => s.result !== null);
      return changed.length ? changed[changed.length - 1].result : null;
    }
  }
}

export function judge(c: RequestCase, trace: TraceResult): CaseResult {
  const failures: CaseResult['failures'] = [];
  const notChecked: string[] = [];
  for (const key of EXPECT_KEYS) {
    if (!(key in c.expect)) continue;
    const expected = c.expect[key] ?? null;
    const actual = actualOf(key, trace);
    const same = key === 'status' ? Number(expected) === actual : key === 'file' && typeof expected === 'string' && actual !== null ? path.resolve(expected) === actual : expected === actual;
    if (!same) failures.push({ field: key, expected, actual });
  }
  return { name: c.name, ok: failures.length === 0, failures, notChecked, trace };
}

function renderResults(results: CaseResult[], base: string): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}`);
    for (const f of r.failures) lines.push(`     ${f.field}: expected ${show(f.expected)}, got ${show(f.actual)}`);
    for (const n of r.notChecked) lines.push(`     note: ${n}`);
    if (!r.ok) lines.push(...renderTraceText(r.trace, base).split('\n').map((l) => (l ? `     | ${l}` : '     |')));
  }
  const failed = results.filter((r) => !r.ok).length;
  lines.push(`${results.length} requests: ${results.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}

function show(v: string | number | null): string {
  return v === null ? 'none' : typeof v === 'number' ? String(v) : JSON.stringify(v);
}
