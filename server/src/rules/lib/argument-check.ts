// httpd's own argument splitting (invoke_cmd): how many words each kind of directive takes,
// and the value checks the directive handlers make, as recorded in the directive table.

import type { ArgSchema, ArgType, DirectiveInfo } from '../../data/types';
import { cInteger, parseDuration } from '../../data/numbers';

export interface ArgumentError {
  message: string;
  /** Index of the offending word, when one word is to blame. */
  wordIndex?: number;
}

/** Checks the word count the way invoke_cmd does; an empty quoted word counts as missing. */
export function checkCount(info: DirectiveInfo, values: string[]): ArgumentError | undefined {
  // Called for nearly every line: no closures or arrays, only index checks.
  const schema = info.args;
  const n = values.length;
  let bad = false;
  switch (schema.how) {
    case 'NO_ARGS':
      bad = n > 0;
      break;
    case 'TAKE1':
      bad = missing(values, 0) || n > 1;
      break;
    case 'TAKE2':
      bad = missing(values, 0) || missing(values, 1) || n > 2;
      break;
    case 'TAKE3':
      bad = missing(values, 0) || missing(values, 1) || missing(values, 2) || n > 3;
      break;
    case 'TAKE12':
      bad = missing(values, 0) || n > 2;
      break;
    case 'TAKE23':
      bad = missing(values, 0) || missing(values, 1) || n > 3;
      break;
    case 'TAKE123':
      bad = missing(values, 0) || n > 3;
      break;
    case 'TAKE13':
      bad = missing(values, 0) || (!missing(values, 1) && missing(values, 2)) || n > 3;
      break;
    case 'ITERATE':
      bad = n === 0;
      break;
    case 'ITERATE2':
      bad = n < 2;
      break;
    case 'FLAG':
      return isOnOff(values[0] ?? '') ? undefined : { message: schema.valueMessage ?? `${info.name} must be On or Off`, wordIndex: 0 };
    case 'RAW_ARGS':
      return undefined;
  }
  return bad ? { message: countMessage(info, schema) } : undefined;
}

/** No word at `i`, or an empty one. */
function missing(values: string[], i: number): boolean {
  return i >= values.length || values[i] === '';
}

const ON_OFF = /^(on|off)$/i;
const INTEGER = /^[+-]?\d+$/;
const UNSIGNED = /^\+?\d+$/;

function isOnOff(value: string): boolean {
  return value.length <= 3 && ON_OFF.test(value);
}

function countMessage(info: DirectiveInfo, schema: ArgSchema): string {
  if (schema.countMessage) return schema.countMessage;
  switch (schema.how) {
    case 'NO_ARGS':
      return `${info.name} takes no arguments`;
    case 'TAKE1':
      return `${info.name} takes one argument`;
    case 'TAKE2':
      return `${info.name} takes two arguments`;
    case 'TAKE3':
      return `${info.name} takes three arguments`;
    case 'TAKE12':
      return `${info.name} takes 1-2 arguments`;
    case 'TAKE23':
      return `${info.name} takes two or three arguments`;
    case 'TAKE123':
      return `${info.name} takes one, two or three arguments`;
    case 'TAKE13':
      return `${info.name} takes one or three arguments`;
    case 'ITERATE':
      return `${info.name} requires at least one argument`;
    case 'ITERATE2':
      return `${info.name} requires at least two arguments`;
    default:
      return `${info.name} has the wrong number of arguments`;
  }
}

/** Value checks, only where the table says the real httpd was seen to make them. */
export function checkValues(info: DirectiveInfo, values: string[]): ArgumentError | undefined {
  const schema = info.args;
  if (!schema.verified || !schema.types || schema.types.length === 0) return undefined;
  for (let i = 0; i < values.length; i++) {
    const type = schema.types[Math.min(i, schema.types.length - 1)];
    if (!valueMatches(type, values[i])) {
      return { message: schema.valueMessage ?? `${info.name}: invalid value '${values[i]}'`, wordIndex: i };
    }
    if (schema.how !== 'ITERATE' && schema.how !== 'ITERATE2' && i >= schema.types.length - 1) break;
  }
  return undefined;
}

export function valueMatches(type: ArgType, value: string): boolean {
  switch (type.kind) {
    case 'any':
      return true;
    case 'flag':
      return isOnOff(value);
    case 'int': {
      if (!INTEGER.test(value)) return false;
      const n = parseInt(value, 10);
      return (type.min === undefined || n >= type.min) && (type.max === undefined || n <= type.max);
    }
    case 'cint': {
      const { value: n, clamped } = cInteger(value, type.bits);
      if (clamped && type.overflowRefused) return false;
      if (type.orZero && n === 0n) return true;
      return (type.min === undefined || n >= BigInt(type.min)) && (type.max === undefined || n <= BigInt(type.max));
    }
    case 'duration':
      // The same reading as the model's effective values (data/numbers.ts).
      return type.allowMs ? parseDuration(value) !== undefined : UNSIGNED.test(value) && parseDuration(value) !== undefined;
    case 'enum':
      return type.caseSensitive ? type.values.includes(value) : lowerValues(type.values).has(value.toLowerCase());
  }
}

/** An enum's values lower-cased, once per table entry. */
const lowered = new WeakMap<readonly string[], Set<string>>();

function lowerValues(values: readonly string[]): Set<string> {
  let set = lowered.get(values);
  if (!set) lowered.set(values, (set = new Set(values.map((v) => v.toLowerCase()))));
  return set;
}

export function checkArguments(info: DirectiveInfo, values: string[]): ArgumentError | undefined {
  return checkCount(info, values) ?? checkValues(info, values);
}
