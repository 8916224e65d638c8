export { RULES, getRule } from './catalogue';
export { runRules, fixesFor } from './run';
export * from './types';
