// How httpd reads numbers and durations. One place, used by the argument checker, the effective
// values of the model, hover and every rule, so they never disagree about what a value means.
// Both functions follow the C code exactly (probed against the real httpd, see
// test/unit/data/numbers.test.ts):
//  - atoi (glibc): strtol on a 64-bit long, then truncated to a 32-bit int, so
//    "2147483648" is -2147483648 and "99999999999999999999" (clamped to LONG_MAX) is -1;
//  - ap_timeout_parameter_parse: apr_strtoi64, a unit chosen by its first letters ("s", "ms",
//    "mi", "h"; "5sec" is 5 s), negative values refused, and a range check so the value fits in
//    64-bit microseconds (9223372036854 s is the largest).

import { getDirective } from './index';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const C_SPACE = /^[ \t\n\v\f\r]*/;

/** strtol/strtoll: leading C whitespace, an optional sign, decimal digits; value clamped to 64 bits (ERANGE). */
function strtoll(text: string): { value: bigint; rest: string; clamped: boolean } {
  const body = text.replace(C_SPACE, '');
  const match = /^([+-]?)(\d+)/.exec(body);
  if (!match) return { value: 0n, rest: text, clamped: false };
  let value = BigInt(match[2]);
  if (match[1] === '-') value = -value;
  const clamped = value > INT64_MAX || value < INT64_MIN;
  if (value > INT64_MAX) value = INT64_MAX;
  if (value < INT64_MIN) value = INT64_MIN;
  return { value, rest: body.slice(match[0].length), clamped };
}

/**
 * A number read with strtol (bits 64) or atoi (bits 32: strtol's long cut to an int), and whether
 * strtol had to clamp it (ERANGE, which some handlers refuse).
 */
export function cInteger(text: string, bits: 32 | 64): { value: bigint; clamped: boolean; rest: string } {
  const { value, clamped, rest } = strtoll(text);
  return { value: bits === 32 ? BigInt.asIntN(32, value) : value, clamped, rest };
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?/;
const INF_NAN = /^([+-]?)(?:inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)/i;

/**
 * glibc's strtod in the C locale: leading C whitespace, then a decimal or hexadecimal number, inf,
 * infinity or nan; `rest` is what follows (the whole text where nothing was read). Hexadecimal
 * values only keep their sign and whether they are zero, which is all a range check above 0 needs.
 */
export function cDouble(text: string): { value: number; rest: string } {
  const body = text.replace(C_SPACE, '');
  const hex = HEX_FLOAT.exec(body);
  if (hex && (hex[2] !== '' || hex[3] !== '')) {
    const positive = hexFloatAboveZero(hex[2] + hex[3], Number(hex[4] ?? 0) - 4 * hex[3].length);
    const magnitude = positive ? 1 : 0;
    return { value: hex[1] === '-' ? -magnitude : magnitude, rest: body.slice(hex[0].length) };
  }
  const special = INF_NAN.exec(body);
  if (special) {
    const value = /^[+-]?inf/i.test(special[0]) ? Infinity : NaN;
    return { value: special[1] === '-' ? -value : value, rest: body.slice(special[0].length) };
  }
  const decimal = DECIMAL_FLOAT.exec(body);
  // JavaScript rounds decimal text to the nearest double as glibc does (1e-400 is 0, 1e400 Infinity).
  if (decimal) return { value: Number(decimal[0]), rest: body.slice(decimal[0].length) };
  return { value: 0, rest: text };
}

/** digits × 2^exponent stays above 0 as a double: more than half the smallest subnormal, 2^-1075. */
function hexFloatAboveZero(digits: string, exponent: number): boolean {
  const mantissa = BigInt(`0x${digits}`);
  if (mantissa === 0n) return false;
  const shift = -1075 - exponent;
  if (shift < 0) return true;
  if (shift > digits.length * 4 + 1) return false;
  return mantissa > 1n << BigInt(shift);
}

/** httpd's atoi: what MaxRequestWorkers, ServerLimit, TimeOut, MaxKeepAliveRequests… end up as. */
export function httpdAtoi(text: string): number {
  return Number(BigInt.asIntN(32, strtoll(text).value));
}

export type DurationUnit = 's' | 'ms';

export interface Duration {
  /** Microseconds, as httpd stores it (apr_interval_time_t). */
  micros: bigint;
  /** The same in seconds (fractional for ms values). */
  seconds: number;
}

const MICROS_PER_SECOND = 1000000n;
/** The largest count each unit accepts (httpd's CHECK_OVERFLOW against APR_INT64_MAX). */
const LIMIT = {
  s: INT64_MAX / MICROS_PER_SECOND,
  h: INT64_MAX / 3600n / MICROS_PER_SECOND,
  mi: INT64_MAX / 60n / MICROS_PER_SECOND,
  ms: INT64_MAX / 1000n,
};

/** ap_timeout_parameter_parse: the duration httpd reads, or undefined where httpd refuses the value. */
export function parseDuration(text: string, defaultUnit: DurationUnit = 's'): Duration | undefined {
  const { value, rest } = strtoll(text);
  // Negative values are refused; so is anything strtoll clamps (ERANGE), which every unit's limit also excludes.
  if (value < 0n || value >= INT64_MAX) return undefined;
  const unit = rest === '' ? defaultUnit : rest;
  let micros: bigint;
  if (unit.startsWith('s')) {
    if (value > LIMIT.s) return undefined;
    micros = value * MICROS_PER_SECOND;
  } else if (unit.startsWith('h')) {
    if (value > LIMIT.h) return undefined;
    micros = value * 3600n * MICROS_PER_SECOND;
  } else if (unit.startsWith('ms')) {
    if (value > LIMIT.ms) return undefined;
    micros = value * 1000n;
  } else if (unit.startsWith('mi')) {
    if (value > LIMIT.mi) return undefined;
    micros = value * 60n * MICROS_PER_SECOND;
  } else {
    return undefined;
  }
  return { micros, seconds: Number(micros) / 1e6 };
}

/**
 * The number of seconds a time directive ends up with: a duration where httpd parses one
 * (KeepAliveTimeout 15s), else atoi (TimeOut 600s is read as 600). Undefined when httpd refuses it.
 */
export function secondsValue(directive: string, text: string): number | undefined {
  const type = getDirective(directive)?.args.types?.[0];
  if (type?.kind === 'duration') return parseDuration(text)?.seconds;
  return httpdAtoi(text);
}
