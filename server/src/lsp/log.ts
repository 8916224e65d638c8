// What the server tells the client's output channel (window/logMessage), filtered by the
// `apache.log.level` setting: `info` says what is analysed and how long it took, `debug` adds
// per-file decisions and timings, `off` keeps quiet except for internal errors.

import { MessageType, type Connection } from 'vscode-languageserver/node';

export type LogLevel = 'off' | 'info' | 'debug';

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/** Reads `log.level` from the "apache" settings section; anything else keeps the default. */
export function readLogLevel(raw: unknown): LogLevel {
  const log = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).log : undefined;
  const level = log && typeof log === 'object' ? (log as Record<string, unknown>).level : undefined;
  return level === 'off' || level === 'info' || level === 'debug' ? level : DEFAULT_LOG_LEVEL;
}

export class ServerLog {
  level: LogLevel = DEFAULT_LOG_LEVEL;

  constructor(private readonly connection: Connection) {}

  get debugEnabled(): boolean {
    return this.level === 'debug';
  }

  info(message: string): void {
    if (this.level !== 'off') this.send(MessageType.Info, message);
  }

  /** Debug lines go out as plain log lines so the channel shows them at its default level. */
  debug(message: string): void {
    if (this.level === 'debug') this.send(MessageType.Log, message);
  }

  error(message: string): void {
    this.send(MessageType.Error, message);
  }

  private send(type: MessageType, message: string): void {
    void this.connection.sendNotification('window/logMessage', { type, message });
  }
}

/** "35 ms", "1.2 s". */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
