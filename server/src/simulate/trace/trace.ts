// The request pipeline, in httpd's order (ap_process_request_internal): parse the URL, choose
// the virtual host, an early <Location> walk, rewriting in server context, URL mapping, the
// directory walk with .htaccess files, DirectoryMatch, Files, Location and If, rewriting in
// directory context, access checks, mod_dir (DirectorySlash, DirectoryIndex by sub-request),
// then the handler and ErrorDocument. Never throws; bounded by LimitInternalRecursion.

import * as path from 'path';
import { compilePattern, fnmatch, regexMatches } from '../../model';
import type { ConfigModel, DirectiveUse, SectionUse } from '../../model';
import { checkAccess, ipMatches, type AccessLayer } from './access';
import { contentOf } from './children';
import { fold, lastUse } from './effective';
import { evaluateExpr, type ExprContext } from './expr';
import { matchPattern } from '../expr';
import { diskFileView } from './files';
import { passwdHomes, type HomeLookup } from './homes';
import { readHtaccess } from './htaccess';
import { htaccessOverrides, readsAccessFile } from '../../model/htaccess-overrides';
import { extensionsOf, readTypesConfig } from './mime';
import { parseRequest, type ParsedRequest } from './request';
import { lineOf, serversOf, serverSetting, type ServerConfig, type Servers } from './servers';
import {
  noRewriting,
  type Handler,
  type RewriteDecision,
  type RewriteDirectiveUse,
  type RewriteHook,
  type RewriteStep,
  type SectionKind,
  type TraceFileView,
  type TraceOptions,
  type TraceOutcome,
  type TraceRequestInput,
  type TraceResult,
  type TraceSection,
  type TraceStep,
} from './types';
import { mapUrl, type Mapping, type MappingContext } from './url-mapping';
import { chooseVhost } from './vhost';
import { rewriteEngine } from '../rewrite/hook';

/** httpd's LimitInternalRecursion default. */
const MAX_ROUNDS = 10;
const DEFAULT_DOCUMENT_ROOT = '/var/www/html';

interface Applied {
  section: TraceSection;
  uses: DirectiveUse[];
  /** The section's own use (undefined for .htaccess). */
  source?: SectionUse;
  /** .htaccess: an access_compat line was refused (Nonfatal=Override), see AccessLayer. */
  compatReset?: boolean;
}

type CycleResult = { applied: Applied[]; outcome: TraceOutcome; uses: DirectiveUse[] };

interface Walk {
  applied: Applied[];
  filename: string;
  pathInfo: string;
  kind: 'file' | 'directory' | undefined;
  /** Set when a .htaccess made the request fail. */
  error?: { status: number; message: string; file: string; line: number };
}

const PHP_MODULES = ['php_module', 'php7_module', 'php5_module', 'php8_module'];

export function traceRequest(model: ConfigModel, input: TraceRequestInput, options: TraceOptions = {}): TraceResult {
  try {
    return new Tracer(model, input, options).run();
  } catch (e) {
    // A bug must not take the editor down: report it as something we could not decide.
    return {
      version: 1,
      request: { method: input.method ?? 'GET', url: input.url, host: '', port: 80, clientAddress: input.clientAddress ?? '127.0.0.1' },
      vhost: null,
      sections: [],
      rewrite: [],
      outcome: { status: 0, location: null, file: null, contentType: null, handler: 'other', backend: null, cost: 'light', errorDocument: null },
      effective: [],
      steps: [],
      unknown: [`the simulator failed: ${(e as Error)?.message ?? String(e)}`],
    };
  }
}

class Tracer {
  private readonly servers: Servers;
  private readonly files: TraceFileView;
  private readonly rewrite: RewriteHook;
  private readonly steps: TraceStep[] = [];
  private readonly unknown: string[] = [];
  private readonly rewriteSteps: RewriteStep[] = [];
  private req!: ParsedRequest;
  private server!: ServerConfig;
  private readonly homes: HomeLookup;
  /** The method the current cycle runs with (an ErrorDocument's internal redirect turns it into GET). */
  private method = 'GET';
  /** Set while an ErrorDocument's internal redirect runs: its own errors do not redirect again. */
  private inErrorDocument = false;
  /** The failed request's sections, while its ErrorDocument's request starts (httpd's r->prev). */
  private previousApplied: Applied[] | undefined;
  private htaccessIndex = 1_000_000_000;

  constructor(
    private readonly model: ConfigModel,
    private readonly input: TraceRequestInput,
    options: TraceOptions,
  ) {
    this.servers = serversOf(model);
    this.files = options.files ?? diskFileView();
    this.rewrite = options.rewrite ?? rewriteEngine;
    this.homes = options.homes ?? passwdHomes();
  }

  private loaded(identifier: string): boolean {
    return this.model.modules.has(identifier) || !this.model.moduleStateKnown;
  }

  private step(phase: TraceStep['phase'], message: string, use?: DirectiveUse | { file: string; line: number }): void {
    const where = use ? ('key' in use ? { file: use.file, line: lineOf(use) } : use) : { file: null, line: null };
    this.steps.push({ phase, message, ...where });
  }

  /** The Listen that takes the connection, or why none does. */
  private connectionStep(): void {
    const port = this.req.info.port;
    const local = this.req.localAddress;
    const listens = this.servers.main.direct.filter((u) => u.key === 'listen');
    const taking = listens.find((u) => {
      const m = /^(?:\[?([^\]]*?)\]?:)?(\d+)$/.exec(u.args[0] ?? '');
      return m && Number(m[2]) === port && (!m[1] || m[1] === local || m[1] === '0.0.0.0' || m[1] === '::');
    });
    if (taking) this.step('connection', `Listen ${taking.args.join(' ')} takes the connection on ${local}:${port}`, taking);
    else if (listens.length) {
      this.unknown.push(`no Listen takes ${local}:${port}: httpd would refuse the connection`);
      this.step('connection', `no Listen takes ${local}:${port}: the connection would be refused (traced as if it were accepted)`);
    }
  }

  private listenAddressFor(port: number): string | undefined {
    for (const use of this.servers.main.direct) {
      if (use.key !== 'listen') continue;
      const m = /^(?:\[?([^\]]*)\]?:)?(\d+)$/.exec(use.args[0] ?? '');
      if (m && Number(m[2]) === port && m[1]) return m[1];
    }
    return undefined;
  }

  run(): TraceResult {
    this.req = parseRequest(this.input, (p) => this.listenAddressFor(p));
    this.method = this.req.info.method;
    const result: TraceResult = {
      version: 1,
      request: this.req.info,
      vhost: null,
      sections: [],
      rewrite: this.rewriteSteps,
      outcome: this.outcome(200, 'static'),
      effective: [],
      steps: this.steps,
      unknown: this.unknown,
    };
    if (!this.req.valid) {
      this.step('connection', `the URL path ${this.req.rawPath} is refused by httpd (it climbs above the root or encodes a slash or NUL)`);
      result.outcome = this.outcome(this.req.rawPath.match(/%2f/i) ? 404 : 400, 'other');
      return result;
    }
    this.connectionStep();
    const choice = chooseVhost(this.servers, this.req);
    this.steps.push(...choice.steps);
    this.unknown.push(...choice.unknown);
    this.server = choice.server;
    result.vhost = choice.vhost;
    const cycle = this.cycle(this.req.path, this.req.query, 0, false);
    result.sections = cycle.applied.map((a) => a.section);
    result.outcome = cycle.outcome;
    const base = this.serverUses();
    result.effective = fold([...base, ...cycle.applied.flatMap((a) => a.uses)]).effective;
    return result;
  }

  private outcome(status: number, handler: Handler, extra: Partial<TraceOutcome> = {}): TraceOutcome {
    const heavy = handler === 'php-module';
    return { status, location: null, file: null, contentType: null, handler, backend: null, cost: heavy ? 'heavy' : 'light', errorDocument: null, ...extra };
  }

  /** Server-level directives: main server, then the virtual host's (they override). */
  private serverUses(): DirectiveUse[] {
    return this.server.vhost ? [...this.servers.main.direct, ...this.server.direct] : [...this.servers.main.direct];
  }

  private sectionsOfServers(): SectionUse[] {
    return this.server.vhost ? [...this.servers.main.sections, ...this.server.sections] : [...this.servers.main.sections];
  }

  private documentRoot(): { value: string; use?: DirectiveUse } {
    const use = serverSetting(this.servers, this.server, 'documentroot');
    if (!use || !use.args[0]) return { value: DEFAULT_DOCUMENT_ROOT };
    const v = use.args[0];
    return { value: path.isAbsolute(v) ? v : path.join(this.model.serverRoot, v), use };
  }

  private origin(): string {
    const host = (this.req.headers['host'] ?? `${this.req.localAddress}:${this.req.info.port}`).toLowerCase();
    return `${this.req.scheme}://${host}`;
  }

  /** One request cycle (the initial request, an internal redirect, or a DirectoryIndex sub-request). */
  private cycle(uri: string, query: string, round: number, subrequest: boolean): { applied: Applied[]; outcome: TraceOutcome; uses: DirectiveUse[] } {
    // httpd walks <Location> and <If> once before translate_name: a redirect or proxy decided
    // there answers with those sections only.
    const previous = this.previousApplied;
    this.previousApplied = undefined;
    const earlyLocations = this.locationWalk(uri);
    const early = [...earlyLocations, ...this.ifWalk(earlyLocations, uri, query, '', false)];
    // Rewriting in server context.
    const serverRewrite = this.callRewrite('server', uri, query, undefined, undefined, this.serverRewriteUses(), round, undefined);
    let mapping: Mapping | undefined;
    if (serverRewrite && serverRewrite.kind !== 'none') {
      const decided = this.rewriteOutcome(serverRewrite, early);
      if (decided) return decided;
      if (serverRewrite.kind === 'uri') {
        uri = serverRewrite.uri;
        query = serverRewrite.query ?? query;
      } else if (serverRewrite.kind === 'file') mapping = { kind: 'file', filename: serverRewrite.filename, via: 'RewriteRule', script: false };
    }
    const ctx: MappingContext = {
      servers: this.servers,
      server: this.server,
      uri,
      query,
      origin: this.origin(),
      steps: this.steps,
      unknown: this.unknown,
      documentRoot: this.documentRoot(),
      loaded: (id) => this.loaded(id),
      homes: this.homes,
      exists: (p) => this.files.stat(p),
    };
    mapping ??= this.locationProxy(earlyLocations, uri, query) ?? mapUrl(ctx);
    // Errors decided before the directory walk see the server's and the early <Location>s' ErrorDocuments.
    const earlyUses = (): DirectiveUse[] => [...this.serverUses(), ...early.flatMap((a) => a.uses)];
    if (mapping.kind === 'redirect') {
      const status = mapping.status;
      const outcome = this.outcome(status, status >= 300 && status < 400 ? 'redirect' : status === 410 ? 'not-found' : 'other', { location: mapping.location });
      return this.errorDocument({ applied: early, uses: [], outcome }, earlyUses(), round, subrequest);
    }
    if (mapping.kind === 'invalid') return this.errorDocument({ applied: early, uses: [], outcome: this.outcome(500, 'server-error') }, earlyUses(), round, subrequest);
    if (mapping.kind === 'proxy') {
      const proxied = [...this.proxyWalk(mapping.backend), ...this.locationWalk(uri)];
      const applied = [...proxied, ...this.ifWalk(proxied, uri, query, '', true)];
      const uses = applied.flatMap((a) => a.uses);
      const access = this.access(applied, uses);
      if (access) return this.errorDocument({ applied, uses, outcome: access }, [...this.serverUses(), ...uses], round, subrequest);
      const fcgi = /^fcgi:/i.test(mapping.backend);
      this.step('handler', `mod_proxy forwards the request to ${mapping.backend}; the backend decides the status`, mapping.use);
      return { applied, uses, outcome: this.outcome(200, fcgi ? 'php-fpm' : 'proxy', { backend: mapping.backend }) };
    }
    // Directory walk, then Files, Location and If.
    const walk = this.directoryWalk(mapping.filename);
    if (walk.error) {
      this.step('htaccess', walk.error.message, { file: walk.error.file, line: walk.error.line });
      // The directory walk starts from the server defaults: the error response carries no section.
      return this.errorDocument({ applied: [], uses: [], outcome: this.outcome(walk.error.status, 'server-error') }, earlyUses(), round, subrequest);
    }
    const applied = [...walk.applied];
    applied.push(...this.filesWalk(walk, applied));
    applied.push(...this.locationWalk(uri));
    applied.push(...this.ifWalk(applied, uri, query, walk.filename, true));
    const uses = [...this.serverUses(), ...applied.flatMap((a) => a.uses)];
    this.step('sections', `${applied.length} section(s) merged: ${applied.map((a) => `<${a.section.kind} ${a.section.argument}>`).join(', ') || 'none'}`);
    // Access. httpd does not check it again when the request before this internal redirect had
    // the very same merged configuration (it reuses the walk's result): an ErrorDocument that
    // points back into the refused place is served.
    const sameAsPrevious = previous !== undefined && sameSections(previous, applied);
    if (sameAsPrevious) this.step('access', 'same sections as the request that failed: httpd does not check access again');
    const denied = sameAsPrevious ? undefined : this.access(applied, uses);
    if (denied) return this.errorDocument({ applied, uses, outcome: denied }, uses, round, subrequest);
    // Rewriting in directory context (mod_rewrite's fixup).
    const dirRules = this.directoryRewriteUses(applied);
    if (dirRules.length) {
      const decision = this.callRewrite('directory', uri, query, walk.filename, dirRules[dirRules.length - 1].from?.argument, dirRules, round, walk.pathInfo);
      if (decision && decision.kind !== 'none') {
        const decided = this.rewriteOutcome(decision, applied);
        if (decided) return decided;
        if (decision.kind === 'internal-redirect' || decision.kind === 'uri') {
          if (round + 1 >= MAX_ROUNDS) {
            this.step('rewrite', `more than ${MAX_ROUNDS} internal redirects: httpd gives up with 500`);
            return { applied, uses, outcome: this.outcome(500, 'server-error') };
          }
          this.step('rewrite', `internal redirect to ${decision.uri}`);
          return this.cycle(decision.uri, decision.query ?? query, round + 1, subrequest);
        }
      }
    }
    // Per-directory Redirect (mod_alias's fixup).
    const dirRedirect = this.directoryRedirect(applied, uri, query);
    if (dirRedirect) return { applied, uses, outcome: dirRedirect };
    return this.serve(walk, applied, uses, uri, query, round, subrequest, mapping.script);
  }

  private callRewrite(
    context: 'server' | 'directory',
    uri: string,
    query: string,
    filename: string | undefined,
    directory: string | undefined,
    uses: RewriteDirectiveUse[],
    round: number,
    pathInfo: string | undefined,
  ): RewriteDecision | undefined {
    if (uses.length === 0 && this.rewrite === noRewriting) return undefined;
    try {
      const out = this.rewrite({
        context,
        model: this.model,
        request: this.req.info,
        vhost: this.server.vhost,
        uri,
        query,
        filename,
        directory,
        uses,
        headers: this.req.headers,
        env: {},
        round,
        files: this.files,
        documentRoot: this.documentRoot().value,
        pathInfo,
      });
      this.rewriteSteps.push(...out.steps);
      if (out.decision.kind === 'unknown') this.unknown.push(out.decision.reason);
      return out.decision;
    } catch (e) {
      this.unknown.push(`the rewrite engine failed: ${(e as Error)?.message ?? e}`);
      return undefined;
    }
  }

  private serverRewriteUses(): RewriteDirectiveUse[] {
    return this.serverUses()
      .filter((u) => u.key.startsWith('rewrite'))
      .map((use) => ({ use, from: null }));
  }

  private directoryRewriteUses(applied: Applied[]): RewriteDirectiveUse[] {
    return applied.flatMap((a) => a.uses.filter((u) => u.key.startsWith('rewrite')).map((use) => ({ use, from: a.section })));
  }

  /** Rewrite decisions that end the request here; undefined when the cycle goes on. */
  private rewriteOutcome(d: RewriteDecision, applied: Applied[]): { applied: Applied[]; outcome: TraceOutcome; uses: DirectiveUse[] } | undefined {
    const done = (outcome: TraceOutcome) => ({ applied, outcome, uses: applied.flatMap((a) => a.uses) });
    switch (d.kind) {
      case 'redirect':
        return done(this.outcome(d.status, 'redirect', { location: d.location }));
      case 'forbidden':
        return done(this.outcome(403, 'forbidden'));
      case 'gone':
        return done(this.outcome(410, 'other'));
      case 'status':
        return done(this.outcome(d.status, d.status === 403 ? 'forbidden' : d.status === 404 ? 'not-found' : 'other'));
      case 'proxy':
        return done(this.outcome(200, /^fcgi:/i.test(d.url) ? 'php-fpm' : 'proxy', { backend: d.url }));
      case 'unknown':
        return undefined;
      default:
        return undefined;
    }
  }

  // ---- walks --------------------------------------------------------------------------------

  private traceSection(use: SectionUse): TraceSection {
    const kind = sectionKind(use);
    return { kind, argument: use.args.join(' '), file: use.file, line: lineOf(use) };
  }

  private appliedOf(use: SectionUse): Applied {
    return { section: this.traceSection(use), uses: contentOf(use.children, this.method).uses, source: use };
  }

  private nestedOf(a: Applied): SectionUse[] {
    if (!a.source) return [];
    return contentOf(a.source.children, this.method).nested;
  }

  /** Location and LocationMatch, in file order (main server first), matched against the URL-path. */
  private locationWalk(uri: string): Applied[] {
    const out: Applied[] = [];
    const merged = uri.replace(/\/{2,}/g, '/');
    for (const s of this.sectionsOfServers()) {
      if (s.key !== 'location' && s.key !== 'locationmatch') continue;
      const regex = s.key === 'locationmatch' || s.args[0] === '~';
      const pattern = s.key === 'location' && s.args[0] === '~' ? s.args[1] : s.args[0];
      if (pattern === undefined) continue;
      let hit: boolean | undefined;
      if (regex) hit = regexMatches(pattern, merged);
      else if (/[*?[]/.test(pattern)) hit = fnmatch(pattern, merged);
      else hit = locationPrefix(pattern.replace(/\/{2,}/g, '/'), merged);
      if (hit === undefined) this.unknown.push(`<${s.name} ${s.args.join(' ')}>: the pattern cannot be evaluated here`);
      if (hit) out.push(this.appliedOf(s));
    }
    return out;
  }

  /** `ProxyPass URL` (or `!`) inside a matching <Location>: the Location's path is the prefix. */
  private locationProxy(locations: Applied[], uri: string, query: string): Mapping | undefined {
    if (!this.loaded('proxy_module')) return undefined;
    for (let i = locations.length - 1; i >= 0; i--) {
      const a = locations[i];
      if (a.section.kind !== 'Location') continue;
      const use = [...a.uses].reverse().find((u) => u.key === 'proxypass' && u.args.length >= 1 && !/^\//.test(u.args[0]));
      if (!use) continue;
      if (use.args[0] === '!') {
        this.step('url-mapping', `ProxyPass ! inside <Location ${a.section.argument}> keeps ${uri} local`, use);
        return undefined;
      }
      const prefix = a.section.argument.replace(/^"(.*)"$/, '$1');
      let backend = use.args[0] + uri.slice(Math.min(prefix.length, uri.length));
      if (query) backend += (backend.includes('?') ? '&' : '?') + query;
      this.step('url-mapping', `ProxyPass inside <Location ${a.section.argument}> sends the request to ${backend}`, use);
      return { kind: 'proxy', backend, use };
    }
    return undefined;
  }

  private proxyWalk(backend: string): Applied[] {
    const out: Applied[] = [];
    const target = `proxy:${backend}`;
    for (const s of this.sectionsOfServers()) {
      if (s.key !== 'proxy' && s.key !== 'proxymatch') continue;
      const regex = s.key === 'proxymatch' || s.args[0] === '~';
      const pattern = s.key === 'proxy' && s.args[0] === '~' ? s.args[1] : s.args[0];
      if (pattern === undefined) continue;
      const hit = regex ? regexMatches(pattern, backend) : /[*?]/.test(pattern) ? wildcardMatches(pattern, backend) : backend.startsWith(pattern) || target.startsWith(pattern);
      if (hit) out.push(this.appliedOf(s));
    }
    return out;
  }

  /** Non-regex <Directory> shortest first, each followed by its .htaccess; then regex ones in file order. */
  private directoryWalk(filename: string): Walk {
    const applied: Applied[] = [];
    const segments = filename.split('/').filter(Boolean);
    const walked: string[] = ['/'];
    let kind: 'file' | 'directory' | undefined = this.files.stat('/') ?? 'directory';
    let resolved = '/';
    let pathInfo = '';
    let i = 0;
    for (; i < segments.length; i++) {
      const next = resolved + segments[i];
      const k = this.files.stat(next);
      if (k === 'directory') {
        resolved = next + '/';
        walked.push(resolved);
        kind = 'directory';
        continue;
      }
      resolved = next;
      kind = k;
      i++;
      break;
    }
    if (i < segments.length) pathInfo = '/' + segments.slice(i).join('/') + (filename.endsWith('/') ? '/' : '');
    else if (kind === 'file' && filename.endsWith('/')) pathInfo = '/';
    let finalName = kind === 'directory' ? (filename.endsWith('/') ? resolved : resolved.replace(/\/$/, '')) : resolved;
    if (finalName === '') finalName = '/';
    const plain = this.sectionsOfServers()
      .map((s, order) => ({ s, order }))
      .filter(({ s }) => s.key === 'directory' && s.args[0] !== '~' && s.args[0] !== undefined)
      .map(({ s, order }) => ({ s, order, dir: directoryPath(s.args[0]) }))
      .sort((a, b) => slashes(a.dir) - slashes(b.dir) || a.order - b.order);
    for (const dir of walked) {
      const depth = slashes(dir);
      for (const { s, dir: sectionDir } of plain) {
        if (slashes(sectionDir) !== depth) continue;
        const hit = /[*?[]/.test(sectionDir) ? fnmatch(sectionDir.replace(/\/$/, ''), dir.replace(/\/$/, '')) : sectionDir === dir;
        if (hit) applied.push(this.appliedOf(s));
      }
      // AllowOverride/AllowOverrideList as merged for this directory (model/htaccess-overrides).
      const overrides = htaccessOverrides(this.model, dir, { vhost: this.server.vhost })[0];
      if (!overrides || !readsAccessFile(overrides.state)) continue;
      const state = overrides.state;
      for (const name of overrides.accessFileNames) {
        const file = dir + name;
        const text = this.files.readFile(file);
        if (text === undefined) continue;
        const read = readHtaccess(this.model, file, text, state, this.htaccessIndex);
        this.htaccessIndex += 100_000;
        if (read.error) {
          return {
            applied,
            filename: finalName,
            pathInfo,
            kind,
            error: { status: 500, message: `${file}: ${read.error.message}`, file, line: lineOf(read.error.use) },
          };
        }
        const classes = state.classes === 'unset' ? 'unset: every directive is refused' : [...state.classes].join(' ') || 'None';
        this.step('htaccess', `${file} is read (AllowOverride ${classes}${state.list?.size ? `, AllowOverrideList ${[...state.list].join(' ')}` : ''})`, { file, line: 1 });
        for (const skipped of read.skipped) this.step('htaccess', `${skipped.name} is skipped: AllowOverride forbids it and Nonfatal=Override turns the error into a warning`, { file, line: lineOf(skipped) });
        const content = contentOf(read.children, this.method);
        const pseudo = { children: read.children } as unknown as SectionUse;
        const compatReset = read.skipped.some((u) => ['order', 'allow', 'deny', 'satisfy'].includes(u.key));
        applied.push({ section: { kind: 'htaccess', argument: dir, file, line: 1 }, uses: content.uses, source: pseudo, compatReset });
      }
    }
    for (const s of this.sectionsOfServers()) {
      const regex = s.key === 'directorymatch' || (s.key === 'directory' && s.args[0] === '~');
      if (!regex) continue;
      const pattern = s.key === 'directory' ? s.args[1] : s.args[0];
      if (pattern === undefined) continue;
      const hit = regexMatches(pattern, finalName);
      if (hit === undefined) this.unknown.push(`<${s.name} ${s.args.join(' ')}>: the pattern cannot be evaluated here`);
      if (hit) applied.push(this.appliedOf(s));
    }
    return { applied, filename: finalName, pathInfo, kind };
  }

  /** Files/FilesMatch: the servers' own, then those nested in the applied directory sections. */
  private filesWalk(walk: Walk, dirApplied: Applied[]): Applied[] {
    const base = walk.filename.endsWith('/') ? '' : path.posix.basename(walk.filename);
    const candidates = [...this.sectionsOfServers(), ...dirApplied.flatMap((a) => this.nestedOf(a))].filter((s) => s.key === 'files' || s.key === 'filesmatch');
    const out: Applied[] = [];
    for (const s of candidates) {
      const regex = s.key === 'filesmatch' || s.args[0] === '~';
      const pattern = s.key === 'files' && s.args[0] === '~' ? s.args[1] : s.args[0];
      if (pattern === undefined) continue;
      const hit = regex ? regexMatches(pattern, base) : fnmatch(pattern, base);
      if (hit === undefined) this.unknown.push(`<${s.name} ${s.args.join(' ')}>: the pattern cannot be evaluated here`);
      if (!hit) continue;
      const a = this.appliedOf(s);
      out.push(a);
    }
    return out;
  }

  /** <If>/<ElseIf>/<Else>: the servers' own, then nested ones in merge order. `explain`: the walk whose verdicts the steps show. */
  private ifWalk(applied: Applied[], uri: string, query: string, filename: string, explain: boolean): Applied[] {
    const candidates = [...this.sectionsOfServers(), ...applied.flatMap((a) => this.nestedOf(a))].filter((s) => s.key === 'if' || s.key === 'elseif' || s.key === 'else');
    const out: Applied[] = [];
    let chainTaken = false;
    let chainUnknown = false;
    const ctx = this.exprContext(uri, query, filename);
    for (const s of candidates) {
      if (s.key === 'if') {
        chainTaken = false;
        chainUnknown = false;
      } else if (chainTaken || chainUnknown) continue;
      let value: boolean | undefined = true;
      if (s.key !== 'else') value = evaluateExpr(s.args.join(' '), ctx);
      if (value === undefined) {
        chainUnknown = true;
        this.unknown.push(`<${s.name} ${s.args.join(' ')}> depends on the live request (not evaluated)`);
        if (explain) this.step('sections', `<${s.name} ${s.args.join(' ')}> depends on the live request`, s);
        continue;
      }
      // Say what each condition came to, so a section that did not apply is explained too.
      const label = s.key === 'else' ? '<Else> applies: no condition of its chain held' : `<${s.name} ${s.args.join(' ')}> is ${value}`;
      if (explain) this.step('sections', label, s);
      if (value) {
        chainTaken = true;
        out.push(this.appliedOf(s));
      }
    }
    return out;
  }

  private exprContext(uri: string, query: string, filename: string): ExprContext {
    const req = this.req;
    return {
      variable: (name) => {
        const upper = name.toUpperCase();
        if (upper.startsWith('HTTP:')) return req.headers[name.slice(5).toLowerCase()] ?? '';
        switch (upper) {
          case 'REQUEST_URI':
            return uri;
          case 'QUERY_STRING':
            return query;
          case 'REQUEST_METHOD':
            return this.method;
          case 'HTTP_HOST':
            return req.headers['host'] ?? '';
          case 'SERVER_NAME':
            return req.info.host;
          case 'SERVER_PORT':
            return String(req.info.port);
          case 'REMOTE_ADDR':
            return req.info.clientAddress;
          case 'HTTPS':
            return req.scheme === 'https' ? 'on' : 'off';
          case 'REQUEST_SCHEME':
            return req.scheme;
          case 'REQUEST_FILENAME':
          case 'SCRIPT_FILENAME':
            return filename;
          case 'THE_REQUEST':
            return `${req.info.method} ${req.rawPath}${query ? '?' + query : ''} HTTP/1.1`;
          default:
            if (upper.startsWith('HTTP_')) return req.headers[upper.slice(5).toLowerCase().replace(/_/g, '-')] ?? '';
            return undefined;
        }
      },
      header: (name) => req.headers[name.toLowerCase()] ?? '',
      ipMatches,
      stat: (p) => {
        const kind = this.files.stat(p);
        return kind === undefined ? null : { type: kind };
      },
      match: matchPattern,
    };
  }

  // ---- access -------------------------------------------------------------------------------

  private access(applied: Applied[], uses: DirectiveUse[]): TraceOutcome | undefined {
    const authType = lastUse(uses, 'authtype')?.args[0];
    const layers: AccessLayer[] = [{ uses: this.serverUses() }, ...applied.map((a) => ({ uses: a.uses, compatReset: a.compatReset }))];
    const result = checkAccess({
      layers,
      method: this.method,
      client: this.req.info.clientAddress,
      expr: this.exprContext(this.req.path, this.req.query, ''),
      authType: authType && authType.toLowerCase() !== 'none' ? authType : undefined,
      compatLoaded: this.loaded('access_compat_module'),
    });
    this.unknown.push(...result.unknown);
    this.step('access', result.reason, result.use);
    if (result.verdict === 'denied') {
      const noAuthType = /no AuthType/.test(result.reason);
      return this.outcome(noAuthType ? 500 : 403, noAuthType ? 'server-error' : 'forbidden');
    }
    if (result.verdict === 'auth') return this.outcome(401, 'unauthorized');
    if (result.verdict === 'unknown') this.unknown.push(result.reason);
    return undefined;
  }

  private directoryRedirect(applied: Applied[], uri: string, query: string): TraceOutcome | undefined {
    if (!this.loaded('alias_module')) return undefined;
    for (let i = applied.length - 1; i >= 0; i--) {
      const use = applied[i].uses.find((u) => (u.key === 'redirect' || u.key === 'redirectpermanent' || u.key === 'redirecttemp') && u.args.length <= 2 && !u.args.some((a) => a.startsWith('/')));
      if (!use) continue;
      const args = [...use.args];
      let status = use.key === 'redirectpermanent' ? 301 : 302;
      const first = args[0]?.toLowerCase();
      if (first && /^(permanent|temp|seeother|gone|\d{3})$/.test(first) && args.length > 1) {
        status = first === 'permanent' ? 301 : first === 'seeother' ? 303 : first === 'gone' ? 410 : first === 'temp' ? 302 : Number(first);
        args.shift();
      }
      let location: string | null = args[0] ?? null;
      if (location && query && !location.includes('?')) location += '?' + query;
      this.step('url-mapping', `Redirect inside <${applied[i].section.kind}> answers ${status}`, use);
      return this.outcome(status, status >= 300 && status < 400 ? 'redirect' : 'other', { location: status >= 300 && status < 400 ? location : null });
    }
    void uri;
    return undefined;
  }

  // ---- serving ------------------------------------------------------------------------------

  private serve(
    walk: Walk, applied: Applied[], uses: DirectiveUse[], uri: string, query: string, round: number, subrequest: boolean, scriptAliased: boolean,
  ): CycleResult {
    const done = (outcome: TraceOutcome): CycleResult => this.errorDocument({ applied, outcome, uses }, uses, round, subrequest);
    const { options } = fold(uses);
    const handlerName = this.handlerName(uses, walk.filename, scriptAliased);
    // mod_cgi refuses before anything else when neither ExecCGI nor ScriptAlias allows scripts.
    const cgi = handlerName?.toLowerCase() === 'cgi-script' && (this.loaded('cgi_module') || this.loaded('cgid_module'));
    const cgiRefused = cgi && !scriptAliased && !options.has('ExecCGI');
    if (scriptAliased) this.step('handler', `ScriptAlias: the handler is ${handlerName ?? 'none'}${handlerName?.toLowerCase() === 'cgi-script' ? '' : ' (SetHandler or AddHandler overrides cgi-script)'}`);
    // Handlers that do not need the file.
    if (handlerName) {
      const special = this.specialHandler(handlerName, walk, options);
      if (special) return done(special);
    }
    if (walk.kind === undefined) {
      if (cgiRefused) return done(this.cgiRefusal());
      this.step('outcome', `${walk.filename} does not exist`);
      return done(this.outcome(404, 'not-found'));
    }
    if (walk.kind === 'directory' && !walk.pathInfo) {
      // A DirectoryIndex sub-request that lands on a directory is not looked into again (bounded).
      if (subrequest) return done(this.outcome(404, 'not-found'));
      if (this.loaded('dir_module')) {
        const slash = lastUse(uses, 'directoryslash');
        const slashOn = !slash || slash.args[0]?.toLowerCase() !== 'off';
        if (!uri.endsWith('/')) {
          if (slashOn && !subrequest) {
            const location = `${this.origin()}${uri}/${query ? '?' + query : ''}`;
            this.step('handler', `${uri} is a directory: DirectorySlash redirects to ${location}`, slash);
            return done(this.outcome(301, 'redirect', { location }));
          }
        } else {
          const index = lastUse(uses, 'directoryindex');
          const names = index ? index.args : ['index.html'];
          let errorStatus: number | undefined;
          if (!(names.length === 1 && names[0].toLowerCase() === 'disabled')) {
            for (const name of names) {
              const target = name.startsWith('/') ? name : uri + name;
              const [tPath, tQuery] = target.split('?');
              this.step('handler', `DirectoryIndex tries ${tPath}`, index);
              const sub = this.cycle(tPath, tQuery ?? query, round, true);
              if (sub.outcome.status === 200 && (sub.outcome.file || sub.outcome.handler === 'proxy' || sub.outcome.handler === 'php-fpm')) {
                this.step('handler', `DirectoryIndex serves ${tPath}`, index);
                return { applied: sub.applied, outcome: sub.outcome, uses: sub.uses };
              }
              if (sub.outcome.status !== 404 && sub.outcome.status !== 200 && errorStatus === undefined) errorStatus = sub.outcome.status;
            }
          }
          if (errorStatus !== undefined) return done(this.outcome(errorStatus, errorStatus === 403 ? 'forbidden' : errorStatus === 401 ? 'unauthorized' : 'other'));
        }
      }
      if (cgi) {
        if (cgiRefused) return done(this.cgiRefusal());
        this.step('handler', `the cgi-script handler refuses to run the directory ${walk.filename}: 403`);
        return done(this.outcome(403, 'forbidden'));
      }
      const method = this.method;
      if (this.loaded('autoindex_module') && (method === 'GET' || method === 'HEAD')) {
        if (options.has('Indexes')) {
          this.step('handler', `no index file: mod_autoindex lists ${walk.filename}`);
          return done(this.outcome(200, 'directory-listing', { file: walk.filename }));
        }
        this.step('handler', `no index file and Options has no Indexes: 403`);
        return done(this.outcome(403, 'forbidden'));
      }
      this.step('handler', `no index file and no mod_autoindex: 404`);
      return done(this.outcome(404, 'not-found'));
    }
    // A file (or a directory with path info).
    const contentType = this.contentType(uses, walk.filename);
    if (handlerName) {
      const scriptHandler = this.scriptHandler(handlerName, walk, uses, cgiRefused);
      if (scriptHandler) return done(scriptHandler);
    }
    if (walk.pathInfo) {
      const api = lastUse(uses, 'acceptpathinfo');
      if (!api || api.args[0]?.toLowerCase() !== 'on') {
        this.step('handler', `the static file handler refuses the extra path ${walk.pathInfo} (AcceptPathInfo)`, api);
        return done(this.outcome(404, 'not-found'));
      }
    }
    if (walk.kind === 'directory') return done(this.outcome(404, 'not-found'));
    const method = this.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST' && method !== 'OPTIONS') {
      this.step('handler', `the static file handler does not accept ${method}`);
      return done(this.outcome(405, 'method-not-allowed'));
    }
    this.step('handler', `served as a static file${contentType ? ` (${contentType})` : ''}`);
    return done(this.outcome(200, 'static', { file: walk.filename, contentType }));
  }

  /** SetHandler, else a handler by extension (AddHandler), else the content type (httpd's fallback). */
  private handlerName(uses: DirectiveUse[], filename: string, scriptAliased = false): string | undefined {
    const set = lastUse(uses, 'sethandler');
    if (set && set.args[0] && set.args[0].toLowerCase() !== 'none') return set.args[0];
    const exts = extensionsOf(path.posix.basename(filename));
    let handler: string | undefined;
    for (const ext of exts) {
      for (const use of uses) {
        if (use.key === 'addhandler' && use.args.slice(1).some((e) => e.replace(/^\./, '').toLowerCase() === ext)) handler = use.args[0];
        if (use.key === 'removehandler' && use.args.some((e) => e.replace(/^\./, '').toLowerCase() === ext)) handler = undefined;
      }
    }
    if (handler) return handler;
    // ScriptAlias sets cgi-script when it maps; AddHandler and SetHandler come later and win.
    if (scriptAliased) return 'cgi-script';
    const type = this.contentType(uses, filename);
    return type === 'application/x-httpd-php' || type === 'application/x-httpd-php-source' ? type : undefined;
  }

  private contentType(uses: DirectiveUse[], filename: string): string | null {
    const force = lastUse(uses, 'forcetype');
    if (force && force.args[0] && force.args[0].toLowerCase() !== 'none') return force.args[0];
    const exts = extensionsOf(path.posix.basename(filename));
    const typesFile = serverSetting(this.servers, this.servers.main, 'typesconfig')?.args[0] ?? '/etc/mime.types';
    const table = readTypesConfig(path.isAbsolute(typesFile) ? typesFile : path.join(this.model.serverRoot, typesFile));
    let type: string | null = null;
    for (const ext of exts) {
      let t: string | undefined = table?.get(ext);
      for (const use of uses) {
        if (use.key === 'addtype' && use.args.slice(1).some((e) => e.replace(/^\./, '').toLowerCase() === ext)) t = use.args[0];
        if (use.key === 'removetype' && use.args.some((e) => e.replace(/^\./, '').toLowerCase() === ext)) t = table?.get(ext);
      }
      if (t) type = t;
    }
    if (!type) {
      const dflt = lastUse(uses, 'defaulttype');
      if (dflt && dflt.args[0] && dflt.args[0].toLowerCase() !== 'none') type = dflt.args[0];
    }
    return type;
  }

  private specialHandler(name: string, walk: Walk, options: Set<string>): TraceOutcome | undefined {
    const lower = name.toLowerCase();
    void options;
    if (lower === 'server-status' && this.loaded('status_module')) return this.outcome(200, 'server-status');
    if (lower === 'server-info' && this.loaded('info_module')) return this.outcome(200, 'server-info');
    if (lower.startsWith('proxy:') && this.loaded('proxy_module')) {
      const backend = name.slice('proxy:'.length);
      const fpm = /fcgi:/i.test(backend);
      if (walk.kind !== 'file' && fpm) return undefined;
      this.step('handler', `SetHandler ${name}: the request goes to ${backend}`);
      return this.outcome(200, fpm ? 'php-fpm' : 'proxy', { backend, file: walk.kind === 'file' ? walk.filename : null });
    }
    return undefined;
  }

  private scriptHandler(name: string, walk: Walk, uses: DirectiveUse[], cgiRefused: boolean): TraceOutcome | undefined {
    const lower = name.toLowerCase();
    if (lower === 'application/x-httpd-php' && PHP_MODULES.some((m) => this.loaded(m))) {
      if (walk.kind !== 'file') return this.outcome(404, 'not-found');
      this.step('handler', `mod_php runs ${walk.filename} inside the httpd worker`);
      return this.outcome(200, 'php-module', { file: walk.filename, contentType: 'text/html' });
    }
    if (lower === 'cgi-script' && (this.loaded('cgi_module') || this.loaded('cgid_module'))) {
      if (cgiRefused) return this.cgiRefusal();
      if (walk.kind !== 'file') return this.outcome(404, 'not-found');
      const api = lastUse(uses, 'acceptpathinfo');
      if (walk.pathInfo && api?.args[0]?.toLowerCase() === 'off') {
        this.step('handler', `AcceptPathInfo Off: the cgi-script handler refuses the extra path ${walk.pathInfo}`, api);
        return this.outcome(404, 'not-found');
      }
      const executable = this.files.executable?.(walk.filename);
      if (executable === false) {
        this.step('handler', `${walk.filename} has no execute permission: running it fails and httpd answers 500`);
        return this.outcome(500, 'server-error');
      }
      if (executable === undefined) this.unknown.push(`whether ${walk.filename} is executable is not known here (httpd answers 500 when it cannot run it)`);
      this.step('handler', `mod_cgi runs ${walk.filename} as a CGI script (a process per request)`);
      return this.outcome(200, 'cgi', { file: walk.filename });
    }
    return undefined;
  }

  private cgiRefusal(): TraceOutcome {
    this.step('handler', 'the cgi-script handler without Options ExecCGI (and not under a ScriptAlias): 403');
    return this.outcome(403, 'forbidden');
  }

  /**
   * ErrorDocument for an error status (httpd's ap_die): a text answers with the error status, a
   * remote URL with 302 (ignored for 401), a local URL is an internal GET redirect whose result
   * is sent with the original status. When that request fails too, httpd gives up and sends its
   * built-in response for the original status. Subrequests never get here.
   */
  private errorDocument(result: CycleResult, uses: DirectiveUse[], round: number, subrequest: boolean): CycleResult {
    const outcome = result.outcome;
    if (subrequest || this.inErrorDocument || outcome.status < 400) return result;
    const doc = [...uses].reverse().find((u) => u.key === 'errordocument' && u.args[0] === String(outcome.status));
    const value = doc?.args[1];
    if (!doc || value === undefined || value.toLowerCase() === 'default') return result;
    const errorDocument = { value, file: doc.file, line: lineOf(doc) };
    const form = value.includes(' ') ? 'text' : value.startsWith('/') ? 'local' : /^[a-z][a-z0-9+.-]*:/i.test(value) ? 'remote' : 'text';
    if (form === 'text') {
      this.step('outcome', `ErrorDocument ${outcome.status}: the response body is the text ${JSON.stringify(value)}`, doc);
      return { ...result, outcome: { ...outcome, handler: 'error-document', errorDocument } };
    }
    if (form === 'remote') {
      if (outcome.status === 401) {
        this.step('outcome', `ErrorDocument 401 with a full URL is ignored by httpd (the client must see the 401)`, doc);
        return result;
      }
      this.step('outcome', `ErrorDocument ${outcome.status} ${value}: httpd answers 302 with Location ${value}`, doc);
      return { ...result, outcome: { ...outcome, status: 302, location: value, handler: 'error-document', errorDocument } };
    }
    if (round + 1 >= MAX_ROUNDS) {
      this.step('outcome', `ErrorDocument ${value}: more than ${MAX_ROUNDS} internal redirects, httpd gives up`, doc);
      return result;
    }
    this.step('outcome', `ErrorDocument ${outcome.status} ${value}: internal redirect (GET); the response keeps the status ${outcome.status}`, doc);
    const [docPath, docQuery] = value.split('?');
    const method = this.method;
    this.method = method === 'HEAD' ? 'HEAD' : 'GET';
    this.inErrorDocument = true;
    this.previousApplied = result.applied;
    let served: CycleResult;
    try {
      served = this.cycle(docPath, docQuery ?? '', round + 1, false);
    } finally {
      this.method = method;
      this.inErrorDocument = false;
      this.previousApplied = undefined;
    }
    if (served.outcome.status !== 200) {
      this.step('outcome', `the error document ${docPath} answers ${served.outcome.status} itself: httpd sends its built-in ${outcome.status} response instead`, doc);
      return result;
    }
    return { applied: served.applied, uses: served.uses, outcome: { ...served.outcome, status: outcome.status, location: null, errorDocument } };
  }
}

function sameSections(a: Applied[], b: Applied[]): boolean {
  return a.length === b.length && a.every((x, i) => x.section.file === b[i].section.file && x.section.line === b[i].section.line && x.section.kind === b[i].section.kind);
}

function sectionKind(use: SectionUse): SectionKind {
  const regex = use.args[0] === '~';
  switch (use.key) {
    case 'directory':
      return regex ? 'DirectoryMatch' : 'Directory';
    case 'directorymatch':
      return 'DirectoryMatch';
    case 'files':
      return regex ? 'FilesMatch' : 'Files';
    case 'filesmatch':
      return 'FilesMatch';
    case 'location':
      return regex ? 'LocationMatch' : 'Location';
    case 'locationmatch':
      return 'LocationMatch';
    case 'if':
      return 'If';
    case 'elseif':
      return 'ElseIf';
    case 'else':
      return 'Else';
    case 'proxy':
      return regex ? 'ProxyMatch' : 'Proxy';
    case 'proxymatch':
      return 'ProxyMatch';
    default:
      return 'If';
  }
}

/** ap_strcmp_match for <Proxy> wildcards: `*` and `?` across slashes too (a regex run by RE2). */
function wildcardMatches(pattern: string, subject: string): boolean {
  const source = '^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$';
  return regexMatches(source, subject) === true;
}

/** A <Directory> argument as httpd keeps it: with a trailing slash. */
function directoryPath(arg: string): string {
  const p = arg.replace(/\/{2,}/g, '/');
  return p.endsWith('/') ? p : p + '/';
}

function slashes(p: string): number {
  let n = 0;
  for (const c of p) if (c === '/') n++;
  return n;
}

/** <Location /a> covers /a, /a/ and /a/…, not /ab. */
function locationPrefix(pattern: string, uri: string): boolean {
  if (!uri.startsWith(pattern)) return false;
  if (pattern.endsWith('/') || uri.length === pattern.length) return true;
  return uri[pattern.length] === '/';
}

export { compilePattern };
