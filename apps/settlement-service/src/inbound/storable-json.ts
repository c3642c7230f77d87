/**
 * JSON's `\u` escapes can spell a lone surrogate or a NUL, which JSON.parse accepts but
 * PostgreSQL refuses (a lone surrogate in json, NUL in any text: `22021`/`22P05`, or `08P01`
 * mid-protocol): a message holding one could be neither settled nor rejected (its stored copy
 * failed), so it is found here, rejected by name, and stored with the character replaced.
 */

// Code units, not code points (no `u` flag): a high surrogate not followed by a low one, or a
// low one not preceded by a high one; and NUL. (String.prototype.isWellFormed is beyond the target lib.)
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;
const UNSTORABLES = new RegExp(UNSTORABLE.source, 'g');
const isStorable = (s: string): boolean => !UNSTORABLE.test(s);
const toStorable = (s: string): string => s.replace(UNSTORABLES, '\uFFFD');

export interface UnstorableText {
  /** Where it sits: `items[0].name`, or `(value)` for the whole value. */
  field: string;
  problem: string;
}

/** The first string or key PostgreSQL could not store (a lone surrogate or a NUL), or null. */
export function firstUnstorableString(v: unknown, path = ''): UnstorableText | null {
  if (typeof v === 'string') return isStorable(v) ? null : { field: path || '(value)', problem: problemOf(v) };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = firstUnstorableString(v[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (v !== null && typeof v === 'object') {
    for (const [key, value] of Object.entries(v)) {
      const at = path ? `${path}.${toStorable(key)}` : toStorable(key);
      if (!isStorable(key)) return { field: at, problem: `(the key) ${problemOf(key)}` };
      const found = firstUnstorableString(value, at);
      if (found !== null) return found;
    }
  }
  return null;
}

function problemOf(s: string): string {
  return s.includes('\u0000')
    ? 'contains a NUL character (U+0000)'
    : 'is not well-formed Unicode (a lone surrogate escape)';
}

/** A copy with every lone surrogate and NUL, in strings and keys, replaced by U+FFFD. */
export function storableCopy(v: unknown): unknown {
  if (typeof v === 'string') return toStorable(v);
  if (Array.isArray(v)) return v.map(storableCopy);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(v)) {
      // defineProperty: a `__proto__` key stays a plain key.
      Object.defineProperty(out, toStorable(key), {
        value: storableCopy(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return v;
}

/**
 * True when arrays and objects nest deeper than `max`. Recursion stops at `max`, so a message of
 * a hundred thousand `[` cannot overflow the stack here (nor later, in hashing or validation).
 */
export function nestsDeeperThan(v: unknown, max: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (max <= 0) return true;
  for (const child of Array.isArray(v) ? v : Object.values(v)) if (nestsDeeperThan(child, max - 1)) return true;
  return false;
}
