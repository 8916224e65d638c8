// Builds the scratch tree of one real-world case (test/realworld/cases.json): the files as their
// authors wrote them plus the adaptations the case lists (paths of this machine, enabled
// modules, a document root for .htaccess files). The recorder (scripts/record-realworld-verdicts.mjs)
// runs the real httpd on it; the test (realworld.test.ts) runs httpd-lint on the same tree.

import * as fs from 'fs';
import * as path from 'path';

export const REALWORLD_DIR = __dirname;
const REPO = path.resolve(__dirname, '..', '..');
const DEBIAN_TREE = path.join(REPO, 'test', 'fixtures', 'corpus', 'debian-apache2');
const DEBIAN_PHP = path.join(REPO, 'test', 'fixtures', 'corpus', 'debian-mod-php');
export const MODULE_DIR = '/usr/lib/apache2/modules';
/** Where the .htaccess cases are served from (the recorder binds here; the test binds nothing). */
export const HTACCESS_LISTEN = '127.0.0.1:18089';

export interface RealworldCase {
  id: string;
  /** tree: a whole server tree; debian: Debian's default tree plus files; htaccess: a file served from the Debian tree. */
  kind: 'tree' | 'debian' | 'htaccess';
  /** tree: folder (under test/realworld) copied as the server root. */
  source?: string;
  /** tree: the main configuration, relative to the server root (debian/htaccess: apache2.conf). */
  main?: string;
  /** debian: files added to the tree, tree path -> file under test/realworld. */
  add?: Record<string, string>;
  /** debian/htaccess: a2enmod/a2enconf/a2ensite by symlink ("mod:rewrite", "conf:phpmyadmin"). */
  enable?: string[];
  /** debian/htaccess: a2dismod/a2disconf ("mod:mpm_event"). */
  disable?: string[];
  /** htaccess: the file under test/realworld served as .htaccess. */
  file?: string;
  /** Text replacements in every file of the scratch tree; {root} is the scratch server root, {modules} Debian's module folder, {realworld} this folder; regex: from is a multi-line pattern; file: only in that file of the tree. */
  rewrite?: { from: string; to: string; regex?: boolean; file?: string }[];
  /** Folders created in the scratch tree (logs, run…). */
  mkdirs?: string[];
  /** Symbolic links created in the scratch tree, name -> target ({root}, {modules}, {realworld} expanded). */
  links?: Record<string, string>;
  /** Modules whose binary is not part of Debian's apache2 (the recorder loads them from unpacked packages). */
  thirdParty?: string[];
  /** Libraries (from thirdParty packages) the recorder preloads so that httpd can load a module at all. */
  preload?: string[];
  /** Names defined on the command line, as the distribution's start script passes them (httpd -D NAME). */
  defines?: string[];
  /** Variables the server's environment sets (a container image's ENV), read by ${NAME} in the files. */
  env?: Record<string, string>;
  /** Why each adaptation was needed; shown in SOURCES.md. */
  notes?: string;
}

export interface BuiltCase {
  root: string;
  main: string;
  /** htaccess cases: the .htaccess file inside the tree and the URL path that reads it. */
  htaccess?: string;
  urlPath?: string;
}

export function loadCases(): RealworldCase[] {
  return JSON.parse(fs.readFileSync(path.join(REALWORLD_DIR, 'cases.json'), 'utf8')) as RealworldCase[];
}

const HTACCESS_MODULES = ['mod:rewrite', 'mod:headers', 'mod:expires', 'mod:php8.2', 'mod:mpm_prefork'];

/** Builds the case under `scratch` (an empty folder) and returns where its main configuration is. */
export function buildCase(c: RealworldCase, scratch: string): BuiltCase {
  const root = path.join(scratch, c.id);
  fs.mkdirSync(root, { recursive: true });
  let main: string;
  let htaccess: string | undefined;
  if (c.kind === 'tree') {
    fs.cpSync(path.join(REALWORLD_DIR, c.source!), root, { recursive: true, verbatimSymlinks: true });
    main = path.join(root, c.main!);
  } else {
    copyDebianTree(root);
    main = path.join(root, 'apache2.conf');
    for (const [dest, src] of Object.entries(c.add ?? {})) {
      fs.mkdirSync(path.dirname(path.join(root, dest)), { recursive: true });
      fs.cpSync(path.join(REALWORLD_DIR, src), path.join(root, dest), { recursive: true });
    }
    const enable = c.kind === 'htaccess' ? [...HTACCESS_MODULES, ...(c.enable ?? [])] : (c.enable ?? []);
    const disable = c.kind === 'htaccess' ? ['mod:mpm_event', ...(c.disable ?? [])] : (c.disable ?? []);
    for (const item of disable) setEnabled(root, item, false);
    for (const item of enable) setEnabled(root, item, true);
    if (c.kind === 'htaccess') htaccess = placeHtaccess(root, c);
  }
  for (const dir of c.mkdirs ?? []) fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (const [name, target] of Object.entries(c.links ?? {})) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.symlinkSync(expand(target, root), path.join(root, name));
  }
  const rewrites = [...(c.rewrite ?? [])];
  if (rewrites.length > 0) {
    const expanded = rewrites.map((r) => ({ from: r.regex ? new RegExp(r.from, 'gm') : expand(r.from, root), to: expand(r.to, root), file: r.file && path.join(root, r.file) }));
    rewriteTree(root, expanded);
  }
  return { root, main, htaccess, urlPath: htaccess ? '/app/' : undefined };
}

function expand(text: string, root: string): string {
  return text.replace(/\{root\}/g, root).replace(/\{modules\}/g, MODULE_DIR).replace(/\{realworld\}/g, REALWORLD_DIR);
}

type Entry = { rel: string; text?: Buffer; link?: string };
let debianBase: Entry[] | undefined;

/** Debian's tree plus mod_php's files, read once: most cases start from it. */
function debianEntries(): Entry[] {
  if (debianBase) return debianBase;
  const entries: Entry[] = [];
  const read = (from: string, prefix: string): void => {
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
      const p = path.join(from, e.name);
      const rel = path.join(prefix, e.name);
      if (e.isDirectory()) read(p, rel);
      else if (e.isSymbolicLink()) entries.push({ rel, link: fs.readlinkSync(p) });
      else entries.push({ rel, text: fs.readFileSync(p) });
    }
  };
  read(DEBIAN_TREE, '');
  read(path.join(DEBIAN_PHP, 'mods-available'), 'mods-available');
  debianBase = entries;
  return entries;
}

function copyDebianTree(root: string): void {
  const made = new Set<string>();
  for (const e of debianEntries()) {
    const target = path.join(root, e.rel);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    if (e.link !== undefined) fs.symlinkSync(e.link, target);
    else fs.writeFileSync(target, e.text!);
  }
}

/** a2enmod/a2enconf/a2ensite (and the dis- forms) as the relative symlinks they create. */
function setEnabled(root: string, item: string, on: boolean): void {
  const [kind, name] = item.split(':');
  const folder = kind === 'mod' ? 'mods' : kind === 'conf' ? 'conf' : 'sites';
  const suffixes = kind === 'mod' ? ['.load', '.conf'] : ['.conf'];
  fs.mkdirSync(path.join(root, `${folder}-enabled`), { recursive: true });
  for (const suffix of suffixes) {
    const available = path.join(root, `${folder}-available`, name + suffix);
    const link = path.join(root, `${folder}-enabled`, name + suffix);
    if (fs.existsSync(link) || isLink(link)) fs.rmSync(link);
    if (on && fs.existsSync(available)) fs.symlinkSync(`../${folder}-available/${name}${suffix}`, link);
  }
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The .htaccess cases: a document root the default site serves, with AllowOverride All. */
function placeHtaccess(root: string, c: RealworldCase): string {
  const dir = path.join(root, 'htdocs', 'app');
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, '.htaccess');
  fs.copyFileSync(path.join(REALWORLD_DIR, c.file!), target);
  fs.writeFileSync(path.join(dir, 'index.html'), 'realworld\n');
  const site = path.join(root, 'sites-available', '000-default.conf');
  const port = HTACCESS_LISTEN.split(':')[1];
  fs.writeFileSync(site, fs.readFileSync(site, 'utf8').replace('/var/www/html', path.join(root, 'htdocs')).replace('<VirtualHost *:80>', `<VirtualHost *:${port}>`));
  fs.writeFileSync(path.join(root, 'ports.conf'), `Listen ${HTACCESS_LISTEN}\n`);
  fs.writeFileSync(
    path.join(root, 'conf-available', 'realworld-htdocs.conf'),
    `# Added for the real-world corpus: the folder the .htaccess under test lives in.\n<Directory ${path.join(root, 'htdocs')}>\n\tAllowOverride All\n\tRequire all granted\n</Directory>\n`,
  );
  setEnabled(root, 'conf:realworld-htdocs', true);
  return target;
}

function rewriteTree(root: string, rewrites: { from: string | RegExp; to: string; file?: string }[]): void {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(p);
      else if (entry.isFile()) {
        const text = fs.readFileSync(p, 'latin1');
        let out = text;
        for (const r of rewrites) {
          if (r.file && r.file !== p) continue;
          out = typeof r.from === 'string' ? out.split(r.from).join(r.to) : out.replace(r.from, r.to);
        }
        if (out !== text) fs.writeFileSync(p, out, 'latin1');
      }
    }
  }
}
