// The package's name, version and links, read from package.json at build time. Named imports, so
// esbuild keeps only these fields (a namespace import put all of package.json, its 1,200 lines of
// contributes, into the CLI bundle, built at every start).

import { homepage, name, repository, version } from '../../../package.json';

const fields: { name: string; version: string; repository?: unknown; homepage?: unknown } = { name, version, repository, homepage };
export const PACKAGE = { name: fields.name, version: fields.version };

/** Where the repository's files are browsed, e.g. https://github.com/o/r, when package.json says. */
export function repositoryWebUrl(): string | undefined {
  const raw = fields.repository;
  const url = typeof raw === 'string' ? raw : raw && typeof raw === 'object' ? (raw as { url?: string }).url : undefined;
  const fromRepo = url?.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^git:\/\//, 'https://');
  if (fromRepo && /^https:\/\//.test(fromRepo)) return fromRepo;
  const home = fields.homepage;
  return typeof home === 'string' && /^https:\/\/github\.com\/[^/]+\/[^/#]+/.test(home) ? home.split('#')[0] : undefined;
}
