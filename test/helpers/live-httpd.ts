// A live httpd for request-time oracles: Debian's apache2 started in the foreground (-X, one
// process, its own process group) on free loopback ports with a generated configuration, asked
// with Node's http client in bounded loops, and stopped by its pid.
//
//   const server = await startHttpd({ dir, config: (p) => `Listen 127.0.0.1:${p.ports[0]}\n…` });
//   const res = await server.request({ port: server.ports[0], path: '/x', host: 'a.test' });
//   await server.stop();

import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

export const HTTPD = process.env.HTTPD ?? '/usr/sbin/apache2';
export const MODULE_DIR = '/usr/lib/apache2/modules';

export function liveHttpdAvailable(): boolean {
  return fs.existsSync(HTTPD) && process.platform === 'linux';
}

/** A TCP port nobody listens on right now at this loopback address (bound and released). */
export function freePort(address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, address, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** `LoadModule x_module …/mod_x.so` lines for module short names ("mpm_prefork", "alias", "php8.2"). */
export function loadModules(names: string[]): string {
  return names
    .map((n) => (n === 'php8.2' ? `LoadModule php_module ${MODULE_DIR}/libphp8.2.so` : `LoadModule ${n}_module ${MODULE_DIR}/mod_${n}.so`))
    .join('\n');
}

export interface HttpdPlaces {
  /** Scratch directory the server lives in (ServerRoot). */
  dir: string;
  /** Run directory for PidFile, ErrorLog, DefaultRuntimeDir. */
  run: string;
  /** Free ports, one per requested port. */
  ports: number[];
}

export interface StartOptions {
  /** Scratch directory (created when missing); the server's ServerRoot. */
  dir: string;
  /** How many free ports to reserve (default 1). */
  ports?: number;
  /** Addresses the ports must be free on (default 127.0.0.1). */
  addresses?: string[];
  /**
   * The configuration text. The harness prepends PidFile, ErrorLog, DefaultRuntimeDir, ServerName
   * and TypesConfig; the text brings its modules (loadModules) and Listen lines.
   */
  config: (places: HttpdPlaces) => string;
  /** Milliseconds to wait for the port to accept connections (default 10 s). */
  startTimeout?: number;
  /** Run the MPM's full process/thread pool in the foreground (-D FOREGROUND) instead of one process (-X). */
  fullPool?: boolean;
}

export interface LiveResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestSpec {
  port: number;
  path: string;
  method?: string;
  /** Host header (default 127.0.0.1:port). */
  host?: string;
  /** Address to connect to (default 127.0.0.1). */
  address?: string;
  /** Client address to connect from (any 127.x address; default chosen by the system). */
  clientAddress?: string;
  headers?: Record<string, string>;
  /** Milliseconds (default 5 s). */
  timeout?: number;
}

export interface LiveHttpd {
  places: HttpdPlaces;
  ports: number[];
  configFile: string;
  request(spec: RequestSpec): Promise<LiveResponse>;
  /** The error log so far. */
  errorLog(): string;
  /** Bytes of the error log so far, and the log from a byte offset (one request's lines, read cheaply). */
  errorLogSize(): number;
  errorLogFrom(offset: number): string;
  stop(): Promise<void>;
}

function environment(run: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    APACHE_RUN_USER: 'www-data',
    APACHE_RUN_GROUP: 'www-data',
    APACHE_RUN_DIR: run,
    APACHE_PID_FILE: path.join(run, 'apache2.pid'),
    APACHE_LOCK_DIR: run,
    APACHE_LOG_DIR: run,
    LANG: 'C',
  };
}

/** One request with Node's http client; no keep-alive (the -X server serves one connection at a time). */
export function httpRequest(spec: RequestSpec): Promise<LiveResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: spec.address ?? '127.0.0.1',
        port: spec.port,
        path: spec.path,
        method: spec.method ?? 'GET',
        headers: { Host: spec.host ?? `127.0.0.1:${spec.port}`, Connection: 'close', ...spec.headers },
        agent: false,
        localAddress: spec.clientAddress,
        timeout: spec.timeout ?? 5000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (body.length < 1 << 20) body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request ${spec.path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export function waitForPort(port: number, address: string, deadline: number, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`apache2 exited (${child.exitCode ?? child.signalCode})`));
      const socket = net.connect({ port, host: address });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`apache2 did not listen on ${address}:${port} in time`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/** Stops a process started `detached` and its whole group: SIGTERM, then SIGKILL after 5 s. */
export async function stopProcessGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Starts apache2 -X on free ports; rejects with the error log when it does not come up. */
export async function startHttpd(options: StartOptions): Promise<LiveHttpd> {
  const dir = options.dir;
  const run = path.join(dir, 'run');
  fs.mkdirSync(run, { recursive: true });
  const addresses = options.addresses ?? ['127.0.0.1'];
  const ports: number[] = [];
  for (let i = 0; i < (options.ports ?? 1); i++) {
    let port = 0;
    // A port free on every address the configuration may listen on.
    for (let attempt = 0; attempt < 20 && !port; attempt++) {
      const candidate = await freePort(addresses[0]);
      let ok = !ports.includes(candidate);
      for (const a of addresses.slice(1)) {
        if (!ok) break;
        ok = await freePortAt(candidate, a);
      }
      if (ok) port = candidate;
    }
    if (!port) throw new Error('no free port');
    ports.push(port);
  }
  const places: HttpdPlaces = { dir, run, ports };
  const configFile = path.join(dir, 'httpd.conf');
  const header = [
    `PidFile ${run}/httpd.pid`,
    `ErrorLog ${run}/error.log`,
    `DefaultRuntimeDir ${run}`,
    'ServerName localhost',
    'TypesConfig /etc/mime.types',
  ].join('\n');
  const text = options.config(places);
  fs.writeFileSync(configFile, `${header}\n${text}\n`);
  const child = spawn(HTTPD, [...(options.fullPool ? ['-D', 'FOREGROUND'] : ['-X']), '-d', dir, '-f', configFile], {
    env: environment(run),
    cwd: '/',
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = (): string => {
    try {
      return fs.readFileSync(path.join(run, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const stop = (): Promise<void> => stopProcessGroup(child, exited);
  try {
    await waitForPort(ports[0], listenAddressOf(text, ports[0]) ?? addresses[0], Date.now() + (options.startTimeout ?? 10000), child);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${stderr}\n${errorLog()}`);
  }
  const logFile = path.join(run, 'error.log');
  const errorLogSize = (): number => (fs.existsSync(logFile) ? fs.statSync(logFile).size : 0);
  const errorLogFrom = (offset: number): string => {
    const fd = fs.openSync(logFile, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - offset));
      fs.readSync(fd, buf, 0, buf.length, offset);
      return buf.toString('latin1');
    } finally {
      fs.closeSync(fd);
    }
  };
  return { places, ports, configFile, request: httpRequest, errorLog, errorLogSize, errorLogFrom, stop };
}

function freePortAt(port: number, address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, address, () => server.close(() => resolve(true)));
  });
}

/** The address of the first `Listen ADDR:PORT` for this port, to probe readiness there. */
function listenAddressOf(config: string, port: number): string | undefined {
  const m = new RegExp(`^\\s*Listen\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+):${port}\\b`, 'mi').exec(config);
  return m?.[1];
}

/**
 * One request on its own connection with the request target sent byte for byte (latin1), for
 * targets Node's client refuses (spaces, raw bytes). Headers are sent as given, plus Connection: close.
 */
export function rawRequest(port: number, method: string, target: string, headers: Record<string, string>, timeout = 10000): Promise<{ status: number; headers: Map<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`request timed out: ${method} ${target}`));
    }, timeout);
    s.on('connect', () => {
      const lines = [`${method} ${target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''];
      s.write(Buffer.from(lines.join('\r\n'), 'latin1'));
    });
    s.on('data', (d) => chunks.push(d));
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const head = headEnd < 0 ? text : text.slice(0, headEnd);
      const [statusLine, ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0);
      const map = new Map<string, string>();
      for (const h of lines) {
        const c = h.indexOf(':');
        if (c > 0) map.set(h.slice(0, c).trim().toLowerCase(), h.slice(c + 1).trim());
      }
      resolve({ status, headers: map, body: headEnd < 0 ? '' : text.slice(headEnd + 4) });
    });
  });
}

/** Runs tasks one after another, at most `limit` of them, and stops at `deadline` (ms since epoch). */
export async function boundedSequence<T, R>(items: T[], limit: number, deadline: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items.slice(0, limit)) {
    if (Date.now() > deadline) break;
    out.push(await task(item));
  }
  return out;
}
