// Sample counts as perl keeps them, so that even absurd periods fold to the
// same text as stackcollapse-perf.pl: integers are exact up to 2^64-1 (IV/UV),
// and past that perl adds in doubles (NV) and prints them with "%.15g".
// JS numbers are exact to 2^53 only, so bigints cover the range between.

/** A number: exact below 2^53; a bigint: exact up to 2^64-1; `{ nv }`: perl's floating value. */
export type PerlCount = number | bigint | { nv: number };

const UV_MAX = 2n ** 64n - 1n;

/** Perl's numeric value of a string of digits. */
export function parsePerlCount(digits: string): PerlCount {
  const n = Number(digits);
  if (n <= Number.MAX_SAFE_INTEGER) return n;
  const b = BigInt(digits);
  return b <= UV_MAX ? b : { nv: n };
}

/** a + b as perl's pp_add does it for non-negative integers. */
export function addPerlCounts(a: PerlCount, b: PerlCount): PerlCount {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    return s <= Number.MAX_SAFE_INTEGER ? s : BigInt(a) + BigInt(b);
  }
  if (typeof a === 'object' || typeof b === 'object') return { nv: toDouble(a) + toDouble(b) };
  const s = BigInt(a) + BigInt(b);
  // Integer overflow: perl redoes the addition in doubles.
  return s <= UV_MAX ? s : { nv: Number(a) + Number(b) };
}

export function formatPerlCount(c: PerlCount): string {
  if (typeof c !== 'object') return String(c);
  const x = c.nv;
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : 'NaN';
  // %.15g: 15 significant digits, trailing zeros dropped, exponent of two digits at least.
  const [mantissa, exp] = x.toPrecision(15).split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  if (exp === undefined) return m;
  const sign = exp[0] === '-' ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '');
  return `${m}e${sign}${digits.length < 2 ? '0' + digits : digits}`;
}

function toDouble(c: PerlCount): number {
  return typeof c === 'object' ? c.nv : Number(c);
}
