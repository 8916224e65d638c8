// Which distribution's layout a tree follows, for advice phrased in its own tools (a2enmod).

import * as path from 'path';
import type { ConfigModel, ModelProblem } from '../../model';

/** Debian's apache2.conf, or modules enabled through mods-enabled/. */
export function isDebianLayout(model: ConfigModel): boolean {
  return path.basename(model.mainFile) === 'apache2.conf' || model.files.some((f) => f.includes(`${path.sep}mods-enabled${path.sep}`));
}

/** The first IncludeOptional whose folder is not in the tree (a checkout without mods-enabled/), if any. */
export function absentIncludeFolder(model: ConfigModel): (ModelProblem & { folder: string }) | undefined {
  const problem = model.problems.find((p) => p.code === 'include-not-found' && typeof p.data?.absentFolder === 'string');
  return problem && { ...problem, folder: path.basename(problem.data!.absentFolder as string) };
}
