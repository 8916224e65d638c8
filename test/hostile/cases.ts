// Hostile configuration trees: each writes a scratch tree and names the file to check. Sizes are
// parameters so the scaling test can double them; the defaults are the sizes of issue 10.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface HostileTree {
  root: string;
  /** The file given to the CLI and opened in the server. */
  main: string;
  /** Settings for the language server, when the case needs some. */
  settings?: Record<string, unknown>;
  /** Text the server gets for the open buffer instead of the file on disk. */
  buffer?: string;
}

export interface HostileCase {
  name: string;
  /** Why it is skipped here, if it cannot run on this machine. */
  skip?: () => string | undefined;
  make(root: string): HostileTree;
  /** Diagnostic codes that must be among the findings (checked in the CLI's JSON and the server). */
  expectCodes?: string[];
  /** False when the expected findings sit in other files than the one opened in the server. */
  onOpenedFile?: boolean;
  /** A message text that must appear (e.g. httpd's wording). */
  expectMessage?: RegExp;
  /** Text that must appear nowhere in the output (content of a file that is not configuration). */
  secret?: string;
  /** A file (by name) whose findings must all be this one code: nothing after a binary file's first error. */
  onlyFinding?: { file: string; code: string };
  /** The files hold terminal control sequences: the text report must show them escaped (`\x1b`), never raw. */
  controlSequences?: boolean;
  /** CPU bound of this case, when its input grows with the machine (TIME_BOUND_MS otherwise). */
  timeBoundMs?: number;
}

export const MPM = 'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n';
const MACRO = 'LoadModule macro_module /usr/lib/apache2/modules/mod_macro.so\n';

export function scratch(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hostile-${label}-`));
}

function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

function main(root: string, text: string | Buffer, extra: Record<string, string | Buffer> = {}): HostileTree {
  write(root, { 'httpd.conf': text, ...extra });
  return { root, main: path.join(root, 'httpd.conf') };
}

// ---- generators shared with the scaling test ----

export function continuations(n: number): string {
  return `${MPM}ServerAlias${' a.example \\\n'.repeat(n)} b.example\n`;
}

export function directoryBlocks(n: number): string {
  let text = MPM;
  for (let i = 0; i < n; i++) text += `<Directory /srv/www/d${i}>\n    Order allow,deny\n    Allow from all\n</Directory>\n`;
  return text;
}

export function requireLines(n: number): string {
  let text = `${MPM}LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\nLoadModule authz_host_module /usr/lib/apache2/modules/mod_authz_host.so\n<Directory /srv/www>\n<RequireAll>\nRequire all granted\n`;
  for (let i = 0; i < n; i++) text += `Require not ip 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`;
  return `${text}</RequireAll>\n</Directory>\n`;
}

/** n <If>/<Else> pairs side by side: each <Else> asks for the section before it. */
export function ifElsePairs(n: number): string {
  let text = MPM;
  for (let i = 0; i < n; i++) text += `<If "%{REQUEST_URI} == '/p${i}'">\n</If>\n<Else>\n</Else>\n`;
  return text;
}

/** n virtual hosts that each set KeepAlive and MaxKeepAliveRequests: each host's setting is looked up. */
export function keepAliveHosts(n: number): string {
  let text = `${MPM}Listen 80\n`;
  for (let i = 0; i < n; i++) text += `<VirtualHost *:80>\n    ServerName h${i}.example\n    KeepAlive On\n    MaxKeepAliveRequests 5\n</VirtualHost>\n`;
  return text;
}

/** The main server named over and over: every line a ServerName (the last one wins). */
export function serverNameLines(n: number): string {
  let text = `${MPM}Listen 80\n`;
  for (let i = 0; i < n; i++) text += `ServerName n${i}.example\n`;
  return text;
}

export function nestedIfModule(n: number): string {
  return `${MPM}${'<IfModule !x>\n'.repeat(n)}ServerName deep.example\n${'</IfModule>\n'.repeat(n)}`;
}

export function globCycle(root: string, k: number): HostileTree {
  const files: Record<string, string> = {};
  for (let i = 0; i < k; i++) files[`conf.d/f${i}.conf`] = 'Include conf.d/*.conf\n';
  return main(root, `${MPM}Include conf.d/*.conf\n`, files);
}

const longName = (n: number): string => 'a'.repeat(n);

export const CASES: HostileCase[] = [
  {
    name: 'regex DoS: <DirectoryMatch "^/(a+)+$"> against a long DocumentRoot',
    make: (root) => main(root, `${MPM}DocumentRoot /${longName(40)}!\n<DirectoryMatch "^/(a+)+$">\n    Require all denied\n</DirectoryMatch>\n`),
  },
  {
    name: 'regex DoS: legacy access-control inheritance through <DirectoryMatch "^/(a+)+$">',
    make: (root) =>
      main(
        root,
        `${MPM}<DirectoryMatch "^/(a+)+$">\n    Order allow,deny\n    Allow from all\n</DirectoryMatch>\n<Directory /${longName(40)}!>\n    Order allow,deny\n    Allow from all\n</Directory>\n`,
      ),
  },
  {
    name: 'regex DoS: <IfVersion ~ ((.|.)*){20}X>',
    make: (root) => main(root, `${MPM}<IfVersion ~ ((.|.)*){20}X>\nServerName v.example\n</IfVersion>\n`),
  },
  {
    name: 'regex with a backreference (not RE2): reported, not evaluated',
    make: (root) => main(root, `${MPM}DocumentRoot /${longName(40)}!\n<DirectoryMatch "^/(a+)\\1+$">\n    Require all denied\n</DirectoryMatch>\n`),
    expectCodes: ['regex-unsupported'],
  },
  {
    name: 'glob DoS: IncludeOptional d/*a*a*a*a*a*a*a*a*a*a*a*b against a long file name',
    make: (root) => main(root, `${MPM}IncludeOptional d/*a*a*a*a*a*a*a*a*a*a*a*b\n`, { [`d/${longName(200)}`]: 'ServerName x\n' }),
  },
  {
    name: 'glob with an inverted range: Include d/[z-a].conf',
    make: (root) => main(root, `${MPM}Include d/[z-a].conf\n`, { 'd/a.conf': 'ServerName a\n' }),
    expectCodes: ['include-not-found'],
    expectMessage: /No matches for the wildcard '\[z-a\]\.conf'/,
  },
  {
    name: 'Include /dev/zero',
    make: (root) => main(root, `${MPM}Include /dev/zero\n`),
    expectCodes: ['include-unreadable'],
    expectMessage: /not a regular file/,
  },
  {
    name: 'Include /dev/stdin',
    make: (root) => main(root, `${MPM}Include /dev/stdin\n`),
    expectCodes: ['include-unreadable'],
  },
  {
    name: 'Include /dev/null (httpd reads it as empty)',
    make: (root) => main(root, `${MPM}Include /dev/null\n`),
  },
  {
    name: 'Include of a FIFO',
    make: (root) => {
      const tree = main(root, `${MPM}Include fifo.conf\n`);
      execFileSync('mkfifo', [path.join(root, 'fifo.conf')]);
      return tree;
    },
    expectCodes: ['include-unreadable'],
  },
  {
    name: 'IncludeOptional /proc/*',
    // One file per entry of every process's folder: about 1,500 files here, more on a machine running more
    // processes (a CI run beside other work took the server past 10 s of CPU once, at 5 s on a quiet one).
    timeBoundMs: 30_000,
    make: (root) => main(root, `${MPM}IncludeOptional /proc/*\n`),
  },
  {
    name: 'IncludeOptional /proc/self/',
    make: (root) => main(root, `${MPM}IncludeOptional /proc/self/\n`),
  },
  {
    name: 'apache.mainConfig set to /dev/zero',
    make: (root) => ({ ...main(root, 'ServerName a.example\n'), settings: { mainConfig: '/dev/zero' } }),
  },
  {
    name: 'symlink loop in an included directory (d/l1 -> ., d/l2 -> .)',
    make: (root) => {
      const tree = main(root, `${MPM}Include d\n`, { 'd/a.conf': 'ServerName a\n' });
      fs.symlinkSync('.', path.join(root, 'd', 'l1'));
      fs.symlinkSync('.', path.join(root, 'd', 'l2'));
      return tree;
    },
    expectCodes: ['include-unreadable'],
    expectMessage: /Too many levels of symbolic links/,
  },
  {
    name: 'glob include cycle: 9 files each including conf.d/*.conf',
    make: (root) => globCycle(root, 9),
    expectCodes: ['include-cycle'],
    onOpenedFile: false,
  },
  {
    name: '3,000 nested <IfModule !x> (httpd accepts them)',
    make: (root) => main(root, nestedIfModule(3000)),
  },
  {
    name: '20,000 nested <IfModule !x>',
    make: (root) => main(root, nestedIfModule(20000)),
  },
  {
    name: '20,000 nested sections left open',
    make: (root) => main(root, `${MPM}${'<Directory /x>\n'.repeat(20000)}`),
  },
  {
    name: 'one directive continued over 100,000 lines',
    make: (root) => main(root, continuations(100000)),
  },
  {
    name: '20,000 <Directory> blocks with Order/Allow',
    make: (root) => main(root, directoryBlocks(20000)),
  },
  {
    name: '80,000 Require not ip lines in one <RequireAll>',
    make: (root) => main(root, requireLines(80000)),
  },
  {
    name: 'Include of a password file: reported once, content never echoed',
    make: (root) => main(root, `${MPM}Include htpasswd\n`, { htpasswd: 'alice:$apr1$SECRETSALT$hashhashhash\nbob:$apr1$OTHERSALT$hash\n' }),
    expectCodes: ['include-not-config'],
    expectMessage: /does not look like a configuration file/,
    secret: 'SECRETSALT',
  },
  {
    name: 'four included 8 MB files whose every line is a finding',
    make: (root) => {
      const big = 'Bogus\n'.repeat(Math.floor((8 * 1024 * 1024 - 1) / 6));
      return main(root, `${MPM}Include big/*.conf\n`, { 'big/1.conf': big, 'big/2.conf': big, 'big/3.conf': big, 'big/4.conf': big });
    },
    expectCodes: ['analysis-limit'],
  },
  {
    name: 'four included files of 240,000 lines whose every line is a finding',
    make: (root) => {
      const many = 'Bogus\n'.repeat(240_000);
      return main(root, `${MPM}Include many/*.conf\n`, { 'many/1.conf': many, 'many/2.conf': many, 'many/3.conf': many, 'many/4.conf': many });
    },
    expectCodes: ['analysis-limit'],
    // The per-file cap is reported in each included file, which the editor has not opened.
    onOpenedFile: false,
  },
  {
    name: 'open 40 MB buffer',
    make: (root) => ({ ...main(root, 'ServerName a\n'), buffer: 'Bogus\n'.repeat(7 * 1024 * 1024) }),
    expectCodes: ['analysis-limit'],
  },
  {
    name: 'binary file',
    make: (root) => main(root, `${MPM}Include bin.conf\n`, { 'bin.conf': Buffer.concat([Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919) & 255)), Buffer.from('\n<Directory \x1b]0;x\x07>\n<y\n')]) }),
    expectCodes: ['binary-content'],
    onlyFinding: { file: 'bin.conf', code: 'binary-content' },
    onOpenedFile: false,
    controlSequences: true,
  },
  {
    name: 'terminal escape sequences in directives',
    // Clear the screen, set the window title, hide the rest of the line: what `cat` of the report would do.
    make: (root) => main(root, `${MPM}Bogus\x1b[2J\x1b]0;owned\x07Name on\nServerAdmin a\x1b[8m@b\nLoadModule \x9b1m_module x.so\n`),
    expectCodes: ['unknown-directive'],
    controlSequences: true,
  },
  {
    name: 'NUL bytes inside directives',
    make: (root) => main(root, `${MPM}ServerName a\u0000b\nListen 80\u0000\n`),
  },
  {
    name: 'latin-1 bytes',
    make: (root) => main(root, Buffer.concat([Buffer.from(MPM), Buffer.from('ServerAdmin caf\xe9@example.org\n# r\xe9sum\xe9\n', 'latin1')])),
  },
  {
    name: 'Defines that double each other 40 times (httpd itself runs out of memory)',
    make: (root) => main(root, `${MPM}Define A0 xxxxxxxxxx\n${Array.from({ length: 40 }, (_, i) => `Define A${i + 1} \${A${i}}\${A${i}}\n`).join('')}ServerName \${A40}\n`),
    expectCodes: ['analysis-limit'],
    expectMessage: /substitution in this tree would pass 32 MB/,
  },
  {
    name: 'macros that each use the one before twice, 40 levels (2^40 directives if expanded in full)',
    make: (root) => main(root, `${MPM}${MACRO}<Macro L0 $x>\nServerAdmin $x@example.org\n</Macro>\n${Array.from({ length: 40 }, (_, i) => `<Macro L${i + 1} $x>\nUse L${i} $x\nUse L${i} $x\n</Macro>\n`).join('')}Use L40 top\n`),
    expectCodes: ['analysis-limit'],
    expectMessage: /stopped expanding macros here/,
  },
  {
    name: 'a 1 MB macro value put 64 times into each of 1,000 expansions',
    make: (root) => main(root, `${MPM}${MACRO}<Macro Big $v>\nServerAdmin ${'$v'.repeat(64)}\n</Macro>\n${`Use Big ${'v'.repeat(1024 * 1024)}\n`.repeat(4)}${'Use Big x\n'.repeat(996)}`),
    expectCodes: ['analysis-limit'],
    expectMessage: /substituting macro values in this tree would pass 32 MB/,
  },
  {
    name: '20,000 macro parameters, each used in a body line of 20,000 parameters',
    make: (root) => {
      const params = Array.from({ length: 20_000 }, (_, i) => `$p${i}`);
      return main(root, `${MPM}${MACRO}<Macro Wide ${params.join(' ')}>\nServerAlias ${params.join(' ')}\n</Macro>\nUse Wide ${params.map((_, i) => `v${i}`).join(' ')}\n`);
    },
    expectCodes: ['analysis-limit'],
  },
  {
    name: 'a main configuration of 17 MB: its size is reported, not a silent empty report',
    make: (root) => main(root, `${MPM}ServerAlias ${'x'.repeat(17 * 1024 * 1024)}\n`),
    expectCodes: ['analysis-limit'],
  },
  {
    // Each run below made one of our own regular expressions quadratic (minutes for this file).
    name: 'runs that quadratic patterns choke on: 200,000 slashes in paths, 30,000 "R=" in flags, 100,000 tabs in a suppression comment, 50,000 "${"',
    make: (root) => {
      const slashes = `${'/'.repeat(200_000)}a/`;
      const modules = ['rewrite', 'alias', 'authz_core'].map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so\n`).join('');
      return main(
        root,
        `${MPM}${modules}DocumentRoot ${slashes}\n<Directory ${slashes}>\n    Require all granted\n</Directory>\nAlias /x ${slashes}\nRewriteEngine on\n` +
        `RewriteRule ^/a ${slashes} [R]\nRewriteRule ^/b /c [${'R='.repeat(30_000)}${'\t'.repeat(30_000)}\n# httpd-lint disable ${'\t'.repeat(100_000)}x\n` +
        `ServerAdmin ${'${'.repeat(50_000)}\n`,
      );
    },
    expectCodes: ['suppression-unknown-rule'],
  },
  {
    // A migration's redirect list: each target the next rule's subject. 20 s at 1,000 rules, minutes at 10,000, before.
    name: 'a redirect list of 10,000 RewriteRules whose targets chain',
    make: (root) => main(
      root,
      `${MPM}LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\nRewriteEngine on\n${Array.from({ length: 10_000 }, (_, i) => `RewriteRule ^/p${i}$ /p${i + 1} [R=301,L]\n`).join('')}`,
    ),
    expectCodes: ['rewrite-redirect-loop'],
    expectMessage: /Redirect loops were not searched from here on/,
  },
  {
    name: '5 MB single line',
    make: (root) => main(root, `${MPM}ServerAlias ${'x'.repeat(5 * 1024 * 1024)}\n`),
  },
  {
    name: '50,000-file glob',
    make: (root) => {
      const tree = main(root, `${MPM}Include many/*.conf\n`);
      fs.mkdirSync(path.join(root, 'many'));
      for (let i = 0; i < 50000; i++) fs.writeFileSync(path.join(root, 'many', `f${String(i).padStart(5, '0')}.conf`), '');
      return tree;
    },
  },
  {
    name: 'permission denied',
    skip: () => (process.getuid?.() === 0 ? 'runs as root, which reads any file regardless of its mode' : undefined),
    make: (root) => {
      const tree = main(root, `${MPM}Include secret.conf\n`, { 'secret.conf': 'ServerName a\n' });
      fs.chmodSync(path.join(root, 'secret.conf'), 0);
      return tree;
    },
    expectCodes: ['include-unreadable'],
    expectMessage: /Permission denied/,
  },
  {
    name: 'Include /',
    make: (root) => main(root, `${MPM}IncludeOptional /\n`),
  },
];
