// Path globs for `.httpd-lint.json` (ignore, overrides) and the CLI's file arguments: `**` is any
// number of folders, every other segment is matched by fnmatch (`*`, `?`, `[...]`). Matching is a
// table over pattern and path segments: O(segments²), no regex, no recursion.

import { fnmatch } from '../model';
import { trimTrailingSlashes } from '../parser';

/** Whether a `/`-separated relative path matches the glob. */
export function globMatches(glob: string, relPath: string): boolean {
  const pattern = trimTrailingSlashes(glob.replace(/^\.\//, '')).split('/').filter((s, i, a) => s !== '' || i === a.length - 1);
  const parts = relPath.split('/').filter(Boolean);
  // A pattern without a slash matches the name at any depth, like .gitignore.
  const segs = glob.includes('/') ? pattern : ['**', ...pattern];
  // reach[j]: the first i pattern segments can match the first j path segments.
  let reach = new Array<boolean>(parts.length + 1).fill(false);
  reach[0] = true;
  for (const seg of segs) {
    const next = new Array<boolean>(parts.length + 1).fill(false);
    if (seg === '**') {
      let any = false;
      for (let j = 0; j <= parts.length; j++) {
        any ||= reach[j];
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= parts.length; j++) next[j] = reach[j - 1] && fnmatch(seg, parts[j - 1]);
    }
    reach = next;
  }
  return reach[parts.length];
}

/** Whether the path, or a folder it is in, matches the glob (`vendor` ignores `vendor/a.conf`). */
export function globCovers(glob: string, relPath: string): boolean {
  const parts = relPath.split('/').filter(Boolean);
  for (let n = parts.length; n > 0; n--) if (globMatches(glob, parts.slice(0, n).join('/'))) return true;
  return false;
}

export function hasGlobChars(s: string): boolean {
  return /[*?[]/.test(s);
}
