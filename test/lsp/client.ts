// A minimal LSP client for protocol tests: starts the built server over stdio and speaks JSON-RPC.

import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../helpers/files';

export class TestClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  settings: Record<string, unknown> = {};
  /** Settings answered for a workspace/configuration item with this scopeUri (else `settings`). */
  readonly scopedSettings = new Map<string, Record<string, unknown>>();
  /** The latest list of tree files the server sent (apache/treeFiles). */
  treeFiles: string[] = [];
  /** Every window/logMessage received, in order. */
  readonly logs: { type: number; message: string }[] = [];
  /** Capabilities the server registered at run time (client/registerCapability), by id; unregistered ones removed. */
  readonly registrations = new Map<string, { method: string; registerOptions?: unknown }>();
  /** How many times the server asked to pull diagnostics again (workspace/diagnostic/refresh). */
  diagnosticRefreshes = 0;
  /** How many times the server asked to fetch inlay hints again (workspace/inlayHint/refresh). */
  inlayHintRefreshes = 0;

  constructor() {
    this.process = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) => p.items.map((i) => (i.scopeUri && this.scopedSettings.get(i.scopeUri)) || this.settings));
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest('client/registerCapability', (p: { registrations: { id: string; method: string; registerOptions?: unknown }[] }) => {
      for (const r of p.registrations) this.registrations.set(r.id, r);
      for (const w of this.waiters.splice(0)) w();
      return null;
    });
    this.connection.onRequest('client/unregisterCapability', (p: { unregisterations: { id: string }[] }) => {
      for (const r of p.unregisterations) this.registrations.delete(r.id);
      return null;
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.diagnosticRefreshes++;
      for (const w of this.waiters.splice(0)) w();
      return null;
    });
    this.connection.onRequest('workspace/inlayHint/refresh', () => {
      this.inlayHintRefreshes++;
      for (const w of this.waiters.splice(0)) w();
      return null;
    });
    this.connection.onNotification('apache/analysisUpdated', () => undefined);
    this.connection.onNotification('apache/treeFiles', (p: { uris: string[] }) => {
      this.treeFiles = p.uris;
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.listen();
  }

  /**
   * `capabilities` adds client capabilities (e.g. workspaceEdit, completionList) to those of a
   * typical editor (Markdown, snippets, pushed diagnostics); `minimal` starts from none instead.
   */
  async initialize(
    root: string,
    capabilities: { workspace?: object; textDocument?: object } = {},
    moreFolders: string[] = [],
    options: { minimal?: boolean; initializationOptions?: object } = {},
  ): Promise<unknown> {
    const typical = options.minimal
      ? { workspace: {}, textDocument: {} }
      : {
          workspace: { configuration: true },
          textDocument: {
            publishDiagnostics: { relatedInformation: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
            signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'] } },
          },
        };
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).toString(),
      workspaceFolders: [root, ...moreFolders].map((f, i) => ({ uri: pathToFileURL(f).toString(), name: `ws${i}` })),
      capabilities: {
        workspace: { ...typical.workspace, ...capabilities.workspace },
        textDocument: { ...typical.textDocument, ...capabilities.textDocument },
      },
      ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  uri(file: string): string {
    return pathToFileURL(file).toString();
  }

  async open(file: string, text: string): Promise<void> {
    await this.openUri(this.uri(file), text);
  }

  /** Opens a document under exactly this URI (an editor's own encoding, or a hostile one). */
  async openUri(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'apacheconf', version: 1, text } });
  }

  async change(file: string, text: string): Promise<void> {
    const uri = this.uri(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.diagnostics.delete(uri);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** How many times diagnostics were published for the file. */
  publishCount(file: string): number {
    return this.diagnostics.get(this.uri(file))?.length ?? 0;
  }

  /** Waits until the latest diagnostics published for the file satisfy the predicate. */
  async diagnosticsFor(file: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10000): Promise<Diagnostic[]> {
    return this.diagnosticsForUri(this.uri(file), accept, timeoutMs);
  }

  /** Waits until the latest diagnostics published under this exact URI satisfy the predicate. */
  async diagnosticsForUri(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10000): Promise<Diagnostic[]> {
    const file = uri;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const list = this.diagnostics.get(uri);
      const latest = list?.[list.length - 1];
      if (latest && accept(latest.diagnostics)) return latest.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for diagnostics of ${file}; last: ${JSON.stringify(latest?.diagnostics.map((d) => [d.code, d.range.start.line]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until `probe` returns a value other than undefined or false (re-checked whenever the server sends something). */
  async until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for a log line matching the pattern and returns it. */
  async logLine(pattern: RegExp, timeoutMs = 10000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.logs.find((l) => pattern.test(l.message));
      if (hit) return hit.message;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a log line ${pattern}; got:\n${this.logs.map((l) => l.message).join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.connection.dispose();
    this.process.kill();
  }

  /** Writes raw bytes to the server's input (malformed messages for the protocol fuzzer). */
  writeRaw(data: string | Buffer): void {
    this.process.stdin!.write(data);
  }

  /** Whether the server process is still running. */
  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }
}
