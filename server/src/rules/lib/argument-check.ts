// httpd's own argument splitting (invoke_cmd): how many words each kind of directive takes,
// and the value checks the directive handlers make, as recorded in the directive table.

import type { ArgSchema, ArgType, DirectiveInfo } from '../../data/types';
import { parseDuration } from '../../data/numbers';

export interface ArgumentError {
  message: string;
  /** Index of the offending word, when one word is to blame. */
  wordIndex?: number;
}

/** Checks the word count the way invoke_cmd does; an empty quoted word counts as missing. */
export function checkCount(info: DirectiveInfo, values: string[]): ArgumentError | undefined {
  const schema = info.args;
  const word = (i: number): string => values[i] ?? '';
  const more = (from: number): boolean => values.length > from;
  const fail = (): ArgumentError => ({ message: countMessage(info, schema) });
  switch (schema.how) {
    case 'NO_ARGS':
      return more(0) ? fail() : undefined;
    case 'TAKE1':
      return word(0) === '' || more(1) ? fail() : undefined;
    case 'TAKE2':
      return word(0) === '' || word(1) === '' || more(2) ? fail() : undefined;
    case 'TAKE3':
      return word(0) === '' || word(1) === '' || word(2) === '' || more(3) ? fail() : undefined;
    case 'TAKE12':
      return word(0) === '' || more(2) ? fail() : undefined;
    case 'TAKE23':
      return word(0) === '' || word(1) === '' || more(3) ? fail() : undefined;
    case 'TAKE123':
      return word(0) === '' || more(3) ? fail() : undefined;
    case 'TAKE13':
      return word(0) === '' || (word(1) !== '' && word(2) === '') || more(3) ? fail() : undefined;
    case 'ITERATE':
      return values.length === 0 ? fail() : undefined;
    case 'ITERATE2':
      return values.length < 2 ? fail() : undefined;
    case 'FLAG':
      return /^(on|off)$/i.test(word(0)) ? undefined : { message: schema.valueMessage ?? `${info.name} must be On or Off`, wordIndex: 0 };
    case 'RAW_ARGS':
      return undefined;
  }
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
      return /^(on|off)$/i.test(value);
    case 'int': {
      if (!/^[+-]?\d+$/.test(value)) return false;
      const n = parseInt(value, 10);
      return (type.min === undefined || n >= type.min) && (type.max === undefined || n <= type.max);
    }
    case 'duration':
      // The same reading as the model's effective values (data/numbers.ts).
      return type.allowMs ? parseDuration(value) !== undefined : /^\+?\d+$/.test(value) && parseDuration(value) !== undefined;
    case 'enum':
      return type.caseSensitive ? type.values.includes(value) : type.values.some((v) => v.toLowerCase() === value.toLowerCase());
  }
}

export function checkArguments(info: DirectiveInfo, values: string[]): ArgumentError | undefined {
  return checkCount(info, values) ?? checkValues(info, values);
}
