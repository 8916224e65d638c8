// The state one rule-set application carries (mod_rewrite's rewrite_ctx).

import type { Captures } from './regex';
import type { MapDef, RewriteRequest, RewriteWorld } from './types';

export interface Backrefs {
  source: string;
  caps: Captures;
}

export interface RewriteCtx {
  req: RewriteRequest;
  world: RewriteWorld;
  /** Directory prefix (with trailing slash) in per-directory context, null in server context. */
  perdir: string | null;
  /** The subject the current rule matched (after the prefix strip). */
  uri: string;
  /** $N of the current rule. */
  briRR: Backrefs | null;
  /** %N of the last matched condition. */
  briRC: Backrefs | null;
  maps: Map<string, MapDef>;
  /** Reasons the simulation may differ from httpd for this request (unknown values, unsupported features). */
  unknown: string[];
  /** Header names read by conditions (httpd adds them to Vary). */
  vary: string[];
}
