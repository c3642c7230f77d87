/**
 * JSON that keeps bigint fen exact for values stored and read back by the service itself
 * (e.g. a pending engine decision): a bigint becomes {"$bigint":"123"} and comes back as 123n.
 */
export function toTaggedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

export function fromTaggedJson<T>(value: unknown): T {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === '$bigint' && typeof o.$bigint === 'string') return BigInt(o.$bigint);
    }
    return v;
  }) as T;
}
