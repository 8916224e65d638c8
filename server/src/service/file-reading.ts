// What the faces need of file reading without the rest of the service: the CLI's result-cache
// check runs before the analysis bundle loads (see cli/result-cache/fast-path.ts).

export { describeError, readRegularBytes } from '../model/regular-file';
