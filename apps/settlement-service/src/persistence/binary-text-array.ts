/** PostgreSQL's type oid of `text`, written in the array's header (the server checks it). */
const TEXT_OID = 25;
const HEADER_BYTES = 12;
const DIMENSION_BYTES = 8;

/**
 * A `text[]` parameter in PostgreSQL's binary array format (what `array_recv` reads): node-postgres
 * sends a Buffer parameter as binary, so `unnest($n::text[])` gets the values as they are, with
 * nothing to parse or escape on either side. Large texts (event payloads, requests) went in a
 * batch's JSON parameter before: PostgreSQL lexed them as JSON, a third of its CPU in a backlog
 * drain (perf), and the service built one large string. Layout: dimensions, has-nulls flag,
 * element type, then per dimension its length and lower bound, then per value its byte length
 * (-1 for NULL) and UTF-8 bytes.
 */
export function binaryTextArray(values: readonly (string | null)[]): Buffer {
  if (values.length === 0) {
    const empty = Buffer.alloc(HEADER_BYTES); // no dimensions: '{}'
    empty.writeUInt32BE(TEXT_OID, 8);
    return empty;
  }
  let size = HEADER_BYTES + DIMENSION_BYTES;
  let hasNulls = 0;
  const lengths = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) {
      hasNulls = 1;
      lengths[i] = -1;
    } else {
      lengths[i] = Buffer.byteLength(v, 'utf8');
      size += lengths[i];
    }
    size += 4;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(hasNulls, 4);
  out.writeUInt32BE(TEXT_OID, 8);
  out.writeInt32BE(values.length, 12);
  out.writeInt32BE(1, 16);
  let at = HEADER_BYTES + DIMENSION_BYTES;
  for (let i = 0; i < values.length; i++) {
    out.writeInt32BE(lengths[i], at);
    at += 4;
    if (lengths[i] > 0) at += out.write(values[i]!, at, lengths[i], 'utf8');
  }
  return out;
}
