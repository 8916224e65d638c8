export { RULES, getRule } from './catalogue';
export { runRules, fixesFor, preferredFixesTogether, RuleCache, type IncrementalRun } from './run';
export * from './lib/types';
export { prepareSuggestions } from './unknown-directive';
