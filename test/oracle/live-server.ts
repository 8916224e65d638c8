// A live httpd on a free loopback port for request-time oracles: started in the foreground (-X)
// in its own process group, stopped by its pid, every request bounded in time.

import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { HTTPD } from './httpd';

export interface LiveHttpd {
  port: number;
  request(urlPath: string, headers?: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>;
  /** Messages httpd logged about one file ("<file>: X not allowed here"), oldest first. */
  errorsFor(file: string): string[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) return reject(new Error(`httpd exited with ${child.exitCode}`));
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error('httpd did not listen in time'));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Writes the configuration for a free port (`write(port)` returns the main file; it must put
 * ErrorLog at ROOT/run/error.log) and starts httpd on it; retries once if the port was taken.
 */
export async function startHttpd(root: string, write: (port: number) => string): Promise<LiveHttpd> {
  const run = path.join(root, 'run');
  fs.mkdirSync(run, { recursive: true });
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const main = write(port);
    const env = {
      PATH: process.env.PATH,
      LANG: 'C',
      APACHE_RUN_USER: 'www-data',
      APACHE_RUN_GROUP: 'www-data',
      APACHE_RUN_DIR: run,
      APACHE_PID_FILE: path.join(run, 'apache2.pid'),
      APACHE_LOCK_DIR: run,
      APACHE_LOG_DIR: run,
    };
    const child = spawn(HTTPD, ['-X', '-d', root, '-f', main], { env, cwd: '/', stdio: 'ignore', detached: true });
    try {
      await waitForPort(port, child, 10000);
      return live(child, port, path.join(run, 'error.log'));
    } catch (error) {
      lastError = error;
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
  throw lastError;
}

function live(child: ChildProcess, port: number, errorLog: string): LiveHttpd {
  const agent = new http.Agent({ keepAlive: false });
  return {
    port,
    request(urlPath, headers = {}) {
      return new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers, agent, timeout: 5000 }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (d: string) => (body += d.length + body.length < 65536 ? d : ''));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('timeout', () => req.destroy(new Error(`request ${urlPath} timed out`)));
        req.on('error', reject);
      });
    },
    errorsFor(file) {
      const text = fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '';
      const out: string[] = [];
      for (const line of text.split('\n')) {
        const at = line.indexOf(`] ${file}: `);
        if (at !== -1) out.push(line.slice(at + file.length + 4));
      }
      return out;
    },
    stop() {
      agent.destroy();
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
