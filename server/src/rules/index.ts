export { RULES, getRule } from './catalogue';
export { runRules, fixesFor, preferredFixesTogether } from './run';
export * from './types';
