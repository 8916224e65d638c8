// mod_rewrite against the real httpd: every case's rules run in a live apache2 with
// `LogLevel rewrite:trace8`; each request's response and rewrite log are compared with the
// simulator's outcome and step sequence. Prints the figures and every disagreement; fails
// below 99.5% identical outcomes or 99% identical rule sequences, or under 3,000 requests.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { liveHttpdAvailable, loadModules, rawRequest, startHttpd, type LiveHttpd } from '../../helpers/live-httpd';
import { appFiles, generatedCases, requestsFor, SITE_FILES, SITE_LINKS, type OracleCase, type OracleRequest } from './cases';
import { parseRewriteLog } from './log';
import { readRewriteScope } from '../../../server/src/simulate/rewrite/directives';
import { rewriteDirectivesOf } from '../../../server/src/simulate/rewrite/from-text';
import { mergeServer } from '../../../server/src/simulate/rewrite/merge';
import { simulateRequest, type Site } from '../../../server/src/simulate/rewrite/cycle';
import { emptyScope, type RewriteWorld } from '../../../server/src/simulate/rewrite/types';

const MODULES = ['mime', 'rewrite', 'dir'];
const loaded = (m: string): boolean => /^(mod_)?(rewrite|mime|dir)(\.c|_module)?$/.test(m);

function writeSite(dir: string): void {
  for (const f of SITE_FILES) {
    const full = path.join(dir, f);
    if (f.endsWith('/')) fs.mkdirSync(full, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, f === 'empty.txt' ? '' : `FILE:${fs.realpathSync(path.dirname(full))}/${path.basename(full)}`);
      fs.chmodSync(full, f.endsWith('.sh') ? 0o755 : 0o644);
    }
  }
  for (const [name, target] of Object.entries(SITE_LINKS)) fs.symlinkSync(target, path.join(dir, name));
}

function realWorld(port: number, host: string, events: RewriteWorld['events'], clock: Date): RewriteWorld {
  return {
    stat(p) {
      try {
        const l = fs.lstatSync(p);
        const s = l.isSymbolicLink() ? fs.statSync(p) : l;
        return { type: s.isDirectory() ? 'dir' : 'file', size: s.size, executable: (s.mode & 0o111) !== 0, symlink: l.isSymbolicLink() };
      } catch {
        return undefined;
      }
    },
    readMap: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'latin1') : undefined),
    now: () => clock,
    pick: () => 1,
    // httpd's ap_matches_request_vhost: the <VirtualHost> address and port, or a name when the
    // port equals the server's own (0 here: ServerName has no port), so only 127.0.0.1:port.
    matchesVhost: (h, p) => (h === '127.0.0.1' && p === port) || (p === 0 && h.toLowerCase() === host),
    version: '2.4.71',
    events,
  };
}

interface Prepared {
  c: OracleCase;
  host: string;
  site: Site;
}

function prepare(root: string, port: number, c: Omit<OracleCase, 'requests'>, requests: OracleRequest[]): { vhost: string; prepared: Prepared } {
  const host = `${c.name}.test`;
  const siteDir = path.join(root, 'sites', c.name);
  writeSite(siteDir);
  const mapsDir = path.join(root, 'maps', c.name);
  fs.mkdirSync(mapsDir, { recursive: true });
  for (const [n, text] of Object.entries(c.maps ?? {})) fs.writeFileSync(path.join(mapsDir, n), text);
  const server = (c.server ?? '').replace(/MAPS/g, mapsDir);
  const serverScope = readRewriteScope(rewriteDirectivesOf(server, `${c.name}/server.conf`, loaded), null);
  const own = serverScope.engine !== undefined || serverScope.rules.length > 0 || serverScope.maps.size > 0 || serverScope.optionsSet;
  const directories: Site['directories'] = [];
  const sections: string[] = [];
  const dirs = new Set([...(c.directories ?? []).map((d) => d.dir), ...c.htaccess.map((h) => h.dir)]);
  for (const d of [...dirs].sort((a, b) => (a === '' ? 0 : a.split('/').length) - (b === '' ? 0 : b.split('/').length))) {
    const abs = d ? path.join(siteDir, d) : siteDir;
    for (const sec of (c.directories ?? []).filter((x) => x.dir === d)) {
      sections.push(`<Directory ${abs}>\n${sec.body}</Directory>`);
      const follow = /Options\s+.*-FollowSymLinks/i.test(sec.body) ? false : undefined;
      directories.push({ path: abs, scope: readRewriteScope(rewriteDirectivesOf(sec.body, `${c.name}/dir.conf`, loaded), abs), followSymLinks: follow });
    }
    for (const h of c.htaccess.filter((x) => x.dir === d)) {
      fs.mkdirSync(abs, { recursive: true });
      fs.writeFileSync(path.join(abs, '.htaccess'), h.text);
      directories.push({ path: abs, htaccess: true, scope: readRewriteScope(rewriteDirectivesOf(h.text, h.file ?? `${c.name}/${d ? d + '/' : ''}.htaccess`, loaded), abs) });
    }
  }
  const site: Site = {
    serverName: host, port, https: false, documentRoot: siteDir, server: mergeServer(emptyScope(null), serverScope), serverOwnConfig: own,
    directories, directoryIndex: ['index.php', 'index.html'], directorySlash: true, acceptPathInfo: true, proxyAvailable: false, maxRedirects: 10,
  };
  const vhost = `<VirtualHost 127.0.0.1:${port}>\nServerName ${host}\nDocumentRoot ${siteDir}\n${server}</VirtualHost>\n${sections.join('\n')}\n`;
  return { vhost, prepared: { c: { ...c, requests }, host, site } };
}

/** Only the rewrite directives of an application's .htaccess, in order (what the oracle deploys). */
function rewriteOnly(text: string, file: string): string {
  return rewriteDirectivesOf(text, file, loaded).map((d) => `${d.name} ${d.raw}`).join('\n') + '\n';
}

describe('mod_rewrite simulator against the live httpd (rewrite:trace8)', function () {
  this.timeout(300000);
  let httpd: LiveHttpd | undefined;
  let root = '';
  const prepared: Prepared[] = [];

  before(async function () {
    if (!liveHttpdAvailable()) this.skip();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rewrite-oracle-'));
    fs.chmodSync(root, 0o755);
    httpd = await startHttpd({
      dir: root,
      config: ({ ports: [port] }) => {
        const vhosts: string[] = [];
        for (const c of generatedCases()) {
          const { vhost, prepared: p } = prepare(root, port, c, []);
          p.c.requests = requestsFor(p.host, port, [], false);
          vhosts.push(vhost);
          prepared.push(p);
        }
        for (const app of appFiles()) {
          const deployed = rewriteOnly(fs.readFileSync(app.file, 'latin1'), app.file);
          const file = path.relative(path.resolve(__dirname, '..', '..', '..'), app.file);
          const { vhost, prepared: p } = prepare(root, port, { name: app.name, htaccess: [{ dir: '', text: deployed, file }] }, []);
          p.c.requests = requestsFor(p.host, port, ['/wp-admin/', '/index.php/index', '/core/misc/x.php', '/user/config/site.yaml', '/.git/config', '/api/index.php', '/tests/x', '/README.md', '/LICENSE.txt', ...(app.paths ?? [])]);
          vhosts.push(vhost);
          prepared.push(p);
        }
        return [
          loadModules(['mpm_event', 'authz_core', ...MODULES]),
          `Listen 127.0.0.1:${port}`,
          'LogLevel warn rewrite:trace8',
          'AcceptPathInfo On',
          'DirectoryIndex index.php index.html',
          '<Directory />\nAllowOverride None\nRequire all granted\n</Directory>',
          `<Directory ${root}/sites>\nAllowOverride All\n</Directory>`,
          ...vhosts,
        ].join('\n');
      },
    });
  });

  after(async () => {
    await httpd?.stop();
    if (root && !process.env.KEEP_REWRITE_ORACLE) fs.rmSync(root, { recursive: true, force: true });
  });

  it('agrees with httpd on outcomes and rule sequences', async () => {
    let total = 0;
    let sameOutcome = 0;
    let sameSequence = 0;
    let declared = 0;
    const disagreements: string[] = [];
    for (const p of prepared) {
      for (const r of p.c.requests) {
        const before = httpd!.errorLogSize();
        const res = await rawRequest(httpd!.ports[0], r.method, r.target, r.headers);
        const rawLog = httpd!.errorLogFrom(before);
        const log = parseRewriteLog(rawLog);
        const events: NonNullable<RewriteWorld['events']> = [];
        // The simulator's clock is set to the moment httpd logged the request (local time, as %{TIME} reads it).
        const stamp = /^\[\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2})\.\d+ (\d{4})\]/m.exec(rawLog);
        const months = 'JanFebMarAprMayJunJulAugSepOctNovDec';
        const clock = stamp ? new Date(+stamp[6], months.indexOf(stamp[1]) / 3, +stamp[2], +stamp[3], +stamp[4], +stamp[5]) : new Date();
        const world = realWorld(Number(r.headers.Host.split(':')[1]), p.host, events, clock);
        const sim = simulateRequest(p.site, { method: r.method, target: r.target, headers: new Map(Object.entries(r.headers)), remoteAddr: '127.0.0.1' }, world);
        total++;
        const realFile = res.status === 200 ? (res.body.startsWith('FILE:') ? res.body.slice(5) : res.body === '' ? '(empty)' : null) : null;
        const simFile = sim.file === null ? null : fs.existsSync(sim.file) ? (fs.statSync(sim.file).size === 0 ? '(empty)' : fs.realpathSync(sim.file)) : sim.file;
        const realLocation = res.status >= 300 && res.status < 400 ? res.headers.get('location') ?? null : null;
        const simLocation = sim.status >= 300 && sim.status < 400 ? sim.location : null;
        const outcomeOk = res.status === sim.status && realLocation === simLocation && (res.status !== 200 || realFile === simFile);
        const seqReal = log.map((i) => `${i.kind}: ${i.text}`);
        const seqSim = events.map((i) => `${i.kind}: ${i.text}`);
        const seqOk = seqReal.length === seqSim.length && seqReal.every((x, i) => x === seqSim[i]);
        if (outcomeOk) sameOutcome++;
        if (seqOk) sameSequence++;
        if (sim.unknown.length) declared++;
        if (!outcomeOk || !seqOk) {
          const first = seqReal.findIndex((x, i) => x !== seqSim[i]);
          disagreements.push(
            `${p.c.name} ${r.method} ${r.target}${r.headers['X-Num'] ? ' (headers)' : ''}: ` +
            (outcomeOk ? '' : `httpd ${res.status} ${realLocation ?? realFile ?? ''} / sim ${sim.status} ${simLocation ?? sim.file ?? ''} (${sim.reason}); `) +
            (seqOk ? '' : `sequence differs at ${first < 0 ? seqReal.length : first}: httpd «${seqReal[first] ?? '(end)'}» sim «${seqSim[first < 0 ? seqReal.length : first] ?? '(end)'}»`) +
            (sim.unknown.length ? ` [simulator said: ${[...new Set(sim.unknown)].join('; ')}]` : ''),
          );
        }
      }
    }
    const pct = (n: number): string => ((100 * n) / total).toFixed(2);
    console.log(`    rewrite oracle: ${total} requests over ${prepared.length} rule sets; identical outcome ${sameOutcome} (${pct(sameOutcome)}%), identical rule sequence ${sameSequence} (${pct(sameSequence)}%); ${declared} declared not fully simulated`);
    const perCase = new Map<string, number>();
    for (const d of disagreements) perCase.set(d.split(' ')[0], (perCase.get(d.split(' ')[0]) ?? 0) + 1);
    console.log(`    disagreements per rule set: ${[...perCase].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
    for (const d of disagreements.slice(0, Number(process.env.REWRITE_ORACLE_SHOW ?? 60))) console.log(`      - ${d}`);
    assert.ok(total >= 3000, `only ${total} requests`);
    assert.ok(sameOutcome / total >= 0.995, `identical outcomes ${pct(sameOutcome)}% < 99.5%`);
    assert.ok(sameSequence / total >= 0.99, `identical rule sequences ${pct(sameSequence)}% < 99%`);
  });
});
