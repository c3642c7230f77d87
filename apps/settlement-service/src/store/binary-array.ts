/** Element types a write sends as arrays, with PostgreSQL's type oids (the server checks them). */
export const ARRAY_ELEMENT_OIDS = {
  text: 25,
  int4: 23,
  int8: 20,
  timestamptz: 1184,
  bool: 16,
  bytea: 17,
} as const;

export type ArrayElementType = keyof typeof ARRAY_ELEMENT_OIDS;

/** What each element type takes; null and undefined are NULL. */
export interface ArrayElementValue {
  text: string;
  int4: number;
  int8: bigint;
  timestamptz: Date;
  bool: boolean;
  bytea: Buffer;
}

const HEADER_BYTES = 12;
const DIMENSION_BYTES = 8;
const INT4_MIN = -(2 ** 31);
const INT4_MAX = 2 ** 31 - 1;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
/** PostgreSQL's timestamp epoch, 2000-01-01T00:00:00Z, in Unix milliseconds. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

/**
 * An array parameter in PostgreSQL's binary array format (what `array_recv` reads): node-postgres
 * sends a Buffer parameter as binary, so `unnest($n::int8[])` gets the values with nothing to
 * parse or escape on either side. A batch's rows went as one JSON parameter before: PostgreSQL
 * lexing it (and building each row from it) was a third of its CPU in a backlog drain (perf), and
 * the service built one large string. Layout: dimensions, has-nulls flag, element type, then per
 * dimension its length and lower bound, then per value its byte length (-1 for NULL) and bytes:
 * UTF-8 text, big-endian integers, a timestamp as microseconds since 2000-01-01 UTC, a bool as one
 * byte, bytea as it is. An empty array has no dimensions.
 */
export function binaryArray<T extends ArrayElementType>(
  type: T,
  values: readonly (ArrayElementValue[T] | null | undefined)[],
): Buffer {
  const oid = ARRAY_ELEMENT_OIDS[type];
  if (values.length === 0) {
    const empty = Buffer.alloc(HEADER_BYTES);
    empty.writeUInt32BE(oid, 8);
    return empty;
  }
  const lengths = new Array<number>(values.length);
  let size = HEADER_BYTES + DIMENSION_BYTES + 4 * values.length;
  let hasNulls = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const n = v === null || v === undefined ? -1 : byteLength(type, v);
    if (n < 0) hasNulls = 1;
    else size += n;
    lengths[i] = n;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(hasNulls, 4);
  out.writeUInt32BE(oid, 8);
  out.writeInt32BE(values.length, 12);
  out.writeInt32BE(1, 16);
  let at = HEADER_BYTES + DIMENSION_BYTES;
  for (let i = 0; i < values.length; i++) {
    const n = lengths[i];
    out.writeInt32BE(n, at);
    at += 4;
    if (n > 0) {
      writeElement(out, at, type, values[i]!, n);
      at += n;
    }
  }
  return out;
}

function byteLength(type: ArrayElementType, v: ArrayElementValue[ArrayElementType]): number {
  switch (type) {
    case 'text':
      if (typeof v !== 'string') throw new TypeError(`not a text: ${typeof v}`);
      return Buffer.byteLength(v, 'utf8');
    case 'int4':
      return 4;
    case 'int8':
    case 'timestamptz':
      return 8;
    case 'bool':
      return 1;
    case 'bytea':
      if (!Buffer.isBuffer(v)) throw new TypeError(`not a byte buffer: ${typeof v}`);
      return v.length;
  }
}

function writeElement(
  out: Buffer,
  at: number,
  type: ArrayElementType,
  v: ArrayElementValue[ArrayElementType],
  n: number,
): void {
  switch (type) {
    case 'text':
      out.write(v as string, at, n, 'utf8');
      return;
    case 'int4': {
      const x = v as number;
      if (!Number.isInteger(x) || x < INT4_MIN || x > INT4_MAX) throw new RangeError(`not an int4: ${x}`);
      out.writeInt32BE(x, at);
      return;
    }
    case 'int8': {
      const x = v as bigint;
      if (typeof x !== 'bigint' || x < INT8_MIN || x > INT8_MAX) throw new RangeError(`not an int8: ${String(x)}`);
      out.writeBigInt64BE(x, at);
      return;
    }
    case 'timestamptz': {
      const ms = (v as Date).getTime();
      if (!Number.isFinite(ms)) throw new RangeError('not a valid date');
      out.writeBigInt64BE(BigInt(ms - PG_EPOCH_MS) * 1000n, at);
      return;
    }
    case 'bool':
      out.writeUInt8(v ? 1 : 0, at);
      return;
    case 'bytea':
      (v as Buffer).copy(out, at);
      return;
  }
}
