// httpd's own argument splitting (invoke_cmd): how many words each kind of directive takes,
// and the value checks the directive handlers make, as recorded in the directive table.

import type { ArgSchema, ArgType, DirectiveInfo, RefusalReason } from '../../data/types';
import { cDouble, cInteger, parseDuration } from '../../data/numbers';

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
  // The handler of a RAW_ARGS directive reads every word alike, as ITERATE does.
  const everyWord = schema.how === 'ITERATE' || schema.how === 'ITERATE2' || schema.how === 'RAW_ARGS';
  for (let i = 0; i < values.length; i++) {
    const type = schema.types[Math.min(i, schema.types.length - 1)];
    const refusal = valueRefusal(type, values[i]);
    if (refusal) {
      // A reason without a message of its own gets none of the others' (httpd words it differently).
      const message = refusal.message ?? (refusal.reason ? schema.valueMessages?.[refusal.reason] : schema.valueMessage);
      return { message: message ?? `${info.name}: invalid value '${values[i]}'`, wordIndex: i };
    }
    if (!everyWord && i >= schema.types.length - 1) break;
  }
  return undefined;
}

/** Why httpd refuses a value: a reason with a message of its own, or the message itself where it quotes the value. */
export interface Refusal {
  reason?: RefusalReason;
  message?: string;
}

const REFUSED: Refusal = {};
const OVERFLOW: Refusal = { reason: 'overflow' };
const SYNTAX: Refusal = { reason: 'syntax' };
const DIGITS_ONLY = /^\d+$/;

export function valueMatches(type: ArgType, value: string): boolean {
  return valueRefusal(type, value) === undefined;
}

export function valueRefusal(type: ArgType, value: string): Refusal | undefined {
  switch (type.kind) {
    case 'any':
      return undefined;
    case 'flag':
      return isOnOff(value) ? undefined : REFUSED;
    case 'cint': {
      const { value: n, clamped, rest } = cInteger(value, type.bits);
      if (clamped && type.overflowRefused) return OVERFLOW;
      if (type.whole && rest !== '') return REFUSED;
      if (type.orZero && n === 0n) return undefined;
      return (type.min === undefined || n >= BigInt(type.min)) && (type.max === undefined || n <= BigInt(type.max)) ? undefined : REFUSED;
    }
    case 'digits':
      return DIGITS_ONLY.test(value) ? undefined : REFUSED;
    case 'cfloat': {
      const { value: n, rest } = cDouble(value);
      if (rest !== '') return SYNTAX;
      // NaN passes: the handler refuses only val <= 0.
      return type.positive && n <= 0 ? REFUSED : undefined;
    }
    case 'reqtimeout': {
      const message = requestReadTimeoutError(value);
      return message === undefined ? undefined : { message };
    }
    case 'duration':
      // The same reading as the model's effective values (data/numbers.ts).
      return (type.allowMs ? parseDuration(value) !== undefined : UNSIGNED.test(value) && parseDuration(value) !== undefined) ? undefined : REFUSED;
    case 'enum':
      return (type.caseSensitive ? type.values.includes(value) : lowerValues(type.values).has(value.toLowerCase())) ? undefined : REFUSED;
  }
}

const MIN_RATE = /,minrate=/i;

/** mod_reqtimeout's set_reqtimeouts and set_reqtimeout_param on one word, with their messages. */
function requestReadTimeoutError(word: string): string | undefined {
  const eq = word.indexOf('=');
  if (eq === -1) return "Invalid RequestReadTimeout parameter. Parameter must be in the form 'key=value'";
  const key = word.slice(0, eq).toLowerCase();
  const value = word.slice(eq + 1);
  const error = key === 'handshake' || key === 'header' || key === 'body' ? stageError(value) : 'Unknown RequestReadTimeout parameter';
  return error === undefined ? undefined : `RequestReadTimeout: ${word}: ${error}`;
}

/** One stage's timeout[-maxtimeout][,MinRate=rate], read in the handler's order. */
function stageError(value: string): string | undefined {
  const rateAt = MIN_RATE.exec(value)?.index;
  if (rateAt === undefined) return value.includes('-') ? 'Must set MinRate option if using timeout range' : reqtimeoutInt(value).error;
  const rate = reqtimeoutInt(value.slice(rateAt + ',minrate='.length));
  if (rate.error) return rate.error;
  if (rate.value === 0n) return 'Minimum data rate must be larger than 0';
  const initial = value.slice(0, rateAt);
  const dash = initial.indexOf('-');
  let max = 0n;
  if (dash !== -1) {
    const read = reqtimeoutInt(initial.slice(dash + 1));
    if (read.error) return read.error;
    max = read.value;
  }
  const timeout = reqtimeoutInt(dash === -1 ? initial : initial.slice(0, dash));
  if (timeout.error) return timeout.error;
  return max !== 0n && timeout.value >= max ? 'Maximum timeout must be larger than initial timeout' : undefined;
}

/** The handler's parse_int: strtol stored into an int (2147483648 wraps negative), the whole text read. */
function reqtimeoutInt(text: string): { value: bigint; error?: string } {
  const { value, rest } = cInteger(text, 32);
  if (rest === text) return { value, error: `Value '${text}' not numerical` };
  if (rest !== '') return { value, error: `Cannot parse '${rest}'` };
  return value < 0n ? { value, error: 'Value must be non-negative' } : { value };
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
