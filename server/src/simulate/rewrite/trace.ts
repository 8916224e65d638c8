// The `rewrite` entries of the request trace (one per rule tried, in order): their shape is in
// shared/trace.ts, where the client reads it too.

export type { RewriteCondStep, RewriteStep } from '../../../../shared/trace';
