// Which distribution's layout a tree follows, for advice phrased in its own tools (a2enmod).

import * as path from 'path';
import type { ConfigModel } from '../../model';

/** Debian's apache2.conf, or modules enabled through mods-enabled/. */
export function isDebianLayout(model: ConfigModel): boolean {
  return path.basename(model.mainFile) === 'apache2.conf' || model.files.some((f) => f.includes(`${path.sep}mods-enabled${path.sep}`));
}
