// Home directories for UserDir's relative form: httpd asks the system's user database
// (getpwnam), which on a plain Debian machine is /etc/passwd. The simulator reads that file
// (read only), or a table the caller gives (the CLI's --home, and --exists runs that declare
// their own world).

import * as fs from 'fs';

/** A user's home directory, or undefined when the user does not exist. */
export type HomeLookup = (user: string) => string | undefined;

const MAX_PASSWD_BYTES = 4 * 1024 * 1024;

/** name:password:uid:gid:gecos:home:shell lines; later duplicates do not override (getpwnam takes the first). */
export function parsePasswd(text: string): Map<string, string> {
  const homes = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(':');
    if (fields.length < 7 || !fields[0] || homes.has(fields[0])) continue;
    homes.set(fields[0], fields[5]);
  }
  return homes;
}

/** The lookup from a passwd file (default /etc/passwd); no users when it cannot be read. */
export function passwdHomes(file = '/etc/passwd'): HomeLookup {
  let homes: Map<string, string> | undefined;
  return (user) => {
    if (!homes) {
      try {
        const size = fs.statSync(file).size;
        homes = size <= MAX_PASSWD_BYTES ? parsePasswd(fs.readFileSync(file, 'utf8')) : new Map();
      } catch {
        homes = new Map();
      }
    }
    return homes.get(user);
  };
}

/** A fixed table (user → home), optionally falling back to another lookup. */
export function tableHomes(table: Record<string, string>, fallback?: HomeLookup): HomeLookup {
  return (user) => (Object.prototype.hasOwnProperty.call(table, user) ? table[user] : fallback?.(user));
}
