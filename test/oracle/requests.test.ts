// The request simulator against the live httpd: generated configurations (test/oracle/requests/
// generate.ts) served by Debian's apache2 on loopback ports, the same requests asked of both.
// Compared: status, Location, the answering virtual host, the served file and its handler (the
// body names them), and the sections that applied (X-Sections, in merge order). Prints the
// agreement figures and every disagreement; fails below the issue's targets.

import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { buildModel, nodeFileSystem, type ConfigModel } from '../../server/src/model';
import { traceRequest, type TraceResult } from '../../server/src/simulate';
import { freePort, liveHttpdAvailable, startHttpd, type LiveResponse } from '../helpers/live-httpd';
import { generate, writeFiles, type OracleRequest } from './requests/generate';

const CONFIGURATIONS = Number(process.env.REQUEST_ORACLE_CONFIGS ?? 32);
const TARGET = { requests: 2000, configurations: 30, outcome: 0.995, sections: 0.99 };

interface Observed {
  status: number;
  location: string | null;
  vhost: string;
  handler: string;
  file: string | null;
  backend: string | null;
  sections: string[];
}

/** What the live response says. */
function observeLive(res: LiveResponse): Observed {
  const header = (name: string): string | null => {
    const v = res.headers[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  };
  let handler = classOf(res.status);
  let file: string | null = null;
  let backend: string | null = null;
  // An error status whose body is a file of the tree, a script's output or an ErrorDocument text:
  // the ErrorDocument served it.
  if (res.status >= 400) {
    if (res.body.startsWith('PHP:')) {
      handler = 'php-module';
      file = res.body.slice(4);
    } else if (res.body.startsWith('CGI:')) {
      handler = 'cgi';
      file = res.body.slice(4).trim();
    } else if (res.body.startsWith('EDTEXT')) handler = 'error-document';
    else if (res.body.startsWith('/')) {
      handler = 'static';
      file = res.body;
    }
  }
  if (res.status === 200) {
    if (res.body.startsWith('CGI:')) {
      handler = 'cgi';
      file = res.body.slice(4).trim();
    } else if (res.body.startsWith('PHP:')) {
      handler = 'php-module';
      file = res.body.slice(4);
    } else if (res.body.startsWith('BACKEND:')) {
      handler = 'proxy';
      backend = res.body.slice(8);
    } else if (/<title>Index of /.test(res.body)) handler = 'directory-listing';
    else {
      handler = 'static';
      file = res.body;
    }
  }
  return {
    status: res.status,
    location: header('location'),
    vhost: header('x-vhost') ?? '?',
    handler,
    file,
    backend,
    sections: (header('x-sections') ?? '').split(/,\s*/).filter(Boolean),
  };
}

function classOf(status: number): string {
  if (status >= 300 && status < 400) return 'redirect';
  return { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed', 410: 'gone', 500: 'server-error', 400: 'bad-request' }[status] ?? `status-${status}`;
}

/** Section ids by (file, 1-based line) read off the generated texts; vhost labels by line. */
interface Ids {
  sections: Map<string, string>;
  vhosts: Map<number, string>;
}

function idsOf(configFile: string, htaccess: string[]): Ids {
  const sections = new Map<string, string>();
  const vhosts = new Map<number, string>();
  const lines = fs.readFileSync(configFile, 'utf8').split('\n');
  let vhostLine = 0;
  lines.forEach((l, i) => {
    const id = /X-Sections (\S+)/.exec(l)?.[1];
    if (id && /^\s*</.test(lines[i - 1] ?? '')) sections.set(`${configFile}:${i}`, id);
    if (/^<VirtualHost /.test(l)) vhostLine = i + 1;
    const label = /X-Vhost (\S+)/.exec(l)?.[1];
    if (label && vhostLine) vhosts.set(vhostLine, label);
  });
  for (const file of htaccess) {
    const id = /^Header always append X-Sections (\S+)/m.exec(fs.readFileSync(file, 'utf8'))?.[1];
    if (id) sections.set(`${file}:1`, id);
  }
  return { sections, vhosts };
}

function observeTrace(trace: TraceResult, ids: Ids, backendPort: number): Observed {
  const o = trace.outcome;
  const served = o.handler === 'static' || o.handler === 'php-module' || o.handler === 'cgi';
  // Error statuses: the ErrorDocument's served file and handler, or its text, else the status class.
  let handler = o.status === 200 || (served && o.file) ? o.handler : o.handler === 'error-document' && !o.location ? 'error-document' : classOf(o.status);
  if (handler === 'php-fpm') handler = 'proxy';
  let backend: string | null = null;
  if (o.backend) {
    const prefix = `http://127.0.0.1:${backendPort}`;
    backend = o.backend.startsWith(prefix) ? o.backend.slice(prefix.length) : o.backend;
  }
  return {
    status: o.status,
    location: o.location,
    vhost: trace.vhost ? (ids.vhosts.get(trace.vhost.line) ?? '?') : 'main',
    handler,
    file: served ? o.file : null,
    backend,
    sections: trace.sections.map((s) => ids.sections.get(`${s.file}:${s.line}`)).filter((x): x is string => !!x),
  };
}

function sameOutcome(a: Observed, b: Observed): boolean {
  return a.status === b.status && a.location === b.location && a.vhost === b.vhost && a.handler === b.handler && a.file === b.file && a.backend === b.backend;
}

function describeRequest(r: OracleRequest): string {
  return `${r.method} http://${r.host}:${r.port}${r.path} (to ${r.address}, from ${r.clientAddress})`;
}

function startBackend(port: number): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`BACKEND:${req.url}`);
    });
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('request simulator against the live httpd', function () {
  this.timeout(300_000);
  const totals = { requests: 0, configurations: 0, outcome: 0, sections: 0 };
  const disagreements: string[] = [];
  /** What the live server answered, by status and handler: the requests must meet many outcomes. */
  const seen = new Map<string, number>();
  let withSections = 0;
  let scratch: string;
  let backend: http.Server | undefined;
  let backendPort = 0;

  before(async function () {
    if (!liveHttpdAvailable()) this.skip();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'request-oracle-'));
    fs.chmodSync(scratch, 0o755);
    backendPort = await freePort();
    backend = await startBackend(backendPort);
  });

  after(() => {
    backend?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it(`agrees on outcome and applied sections over ${CONFIGURATIONS} generated configurations`, async () => {
    const deadline = Date.now() + 240_000;
    for (let i = 0; i < CONFIGURATIONS && Date.now() < deadline; i++) {
      const dir = path.join(scratch, `c${i}`);
      fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
      let generated: ReturnType<typeof generate> | undefined;
      const server = await startHttpd({
        dir,
        ports: 3,
        addresses: ['127.0.0.1', '127.0.0.2'],
        config: (places) => {
          generated = generate(i, { dir, ports: places.ports, backendPort });
          writeFiles(dir, generated.files, generated.executables);
          return generated.config;
        },
      });
      try {
        const config = generated!;
        const htaccess = [...config.files.keys()].filter((f) => f.endsWith('.htaccess')).map((f) => path.join(dir, f));
        const ids = idsOf(server.configFile, htaccess);
        const model: ConfigModel = buildModel({ mainFile: server.configFile, fs: nodeFileSystem(), serverRoot: dir });
        totals.configurations++;
        for (const req of config.requests) {
          if (Date.now() > deadline) break;
          const live = observeLive(
            await server.request({ port: req.port, address: req.address, path: req.path, host: `${req.host}:${req.port}`, method: req.method, clientAddress: req.clientAddress }),
          );
          const trace = traceRequest(model, {
            url: `http://${req.host}:${req.port}${req.path}`,
            method: req.method,
            clientAddress: req.clientAddress,
            localAddress: req.address,
          });
          const sim = observeTrace(trace, ids, backendPort);
          totals.requests++;
          const kind = `${live.status} ${live.handler}`;
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
          if (live.sections.length) withSections++;
          const outcomeSame = sameOutcome(live, sim);
          const sectionsSame = live.sections.join(',') === sim.sections.join(',');
          if (outcomeSame) totals.outcome++;
          if (sectionsSame) totals.sections++;
          if (!outcomeSame || !sectionsSame) {
            disagreements.push(
              `${config.name} ${describeRequest(req)}\n    httpd:     ${JSON.stringify(live)}\n    simulator: ${JSON.stringify(sim)}${trace.unknown.length ? `\n    unknown: ${trace.unknown.join('; ')}` : ''}`,
            );
          }
        }
      } finally {
        await server.stop();
      }
    }
    const pct = (n: number) => ((100 * n) / Math.max(1, totals.requests)).toFixed(2);
    console.log(
      `      request oracle: ${totals.requests} requests over ${totals.configurations} configurations; outcome identical ${totals.outcome} (${pct(totals.outcome)}%), sections identical ${totals.sections} (${pct(totals.sections)}%)`,
    );
    console.log(`      outcomes met: ${[...seen].sort().map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    for (const d of disagreements) console.log(`      disagreement: ${d}`);
    assert.ok(seen.size >= 8, 'the generated requests meet too few different outcomes');
    assert.ok(withSections > totals.requests / 2, 'too few responses named their sections');
    if (CONFIGURATIONS >= TARGET.configurations) {
      assert.ok(totals.configurations >= TARGET.configurations, `only ${totals.configurations} configurations ran`);
      assert.ok(totals.requests >= TARGET.requests, `only ${totals.requests} requests ran`);
    }
    assert.ok(totals.outcome / totals.requests >= TARGET.outcome, `outcome agreement ${pct(totals.outcome)}% is below ${TARGET.outcome * 100}%`);
    assert.ok(totals.sections / totals.requests >= TARGET.sections, `section agreement ${pct(totals.sections)}% is below ${TARGET.sections * 100}%`);
  });
});
