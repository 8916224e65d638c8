// describeError for the faces without the rest of the service: the CLI's result-cache check runs
// before the analysis bundle loads (see cli/result-cache/fast-path.ts).

export { describeError } from '../model/fs-errors';
