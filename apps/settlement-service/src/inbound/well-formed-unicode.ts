/**
 * JSON's `\u` escapes can spell a lone surrogate, which JSON.parse accepts but PostgreSQL's json
 * refuses: a message holding one could be neither settled nor rejected (its stored copy failed),
 * so it is found here, rejected by name, and stored with the surrogate replaced.
 */

// Code units, not code points (no `u` flag): a high surrogate not followed by a low one, or a
// low one not preceded by a high one. (String.prototype.isWellFormed is beyond the target lib.)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);
const toWellFormed = (s: string): string => s.replace(LONE_SURROGATES, '\uFFFD');

/** Where the first string or key that is not well-formed Unicode sits (`items[0].name`), or null. */
export function firstMalformedString(v: unknown, path = ''): string | null {
  if (typeof v === 'string') return isWellFormed(v) ? null : path || '(value)';
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = firstMalformedString(v[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (v !== null && typeof v === 'object') {
    for (const [key, value] of Object.entries(v)) {
      const at = path ? `${path}.${toWellFormed(key)}` : toWellFormed(key);
      if (!isWellFormed(key)) return at;
      const found = firstMalformedString(value, at);
      if (found !== null) return found;
    }
  }
  return null;
}

/** A copy with every lone surrogate, in strings and keys, replaced by U+FFFD. */
export function wellFormedCopy(v: unknown): unknown {
  if (typeof v === 'string') return toWellFormed(v);
  if (Array.isArray(v)) return v.map(wellFormedCopy);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(v)) {
      // defineProperty: a `__proto__` key stays a plain key.
      Object.defineProperty(out, toWellFormed(key), {
        value: wellFormedCopy(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return v;
}
