export * from './nodes';
export { parse } from './parser';
export { printLines, walkNodes, lineAt, physicalLineOf } from './tree';
export { argCount, argQuote, argValue, argWord, lineName, shareArgValues, sharedArgValues } from './lines';
export { bracedNames, replaceBraced, trimTrailingSlashes, type BracedName } from './linear-text';
export { isSpaceCode } from './scanner';
