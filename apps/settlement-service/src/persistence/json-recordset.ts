/**
 * JSON text that is already serialized (e.g. an engine decision with bigint fen). It travels in the
 * recordset as a JSON string: declare its column `text` in `AS v(...)` and cast it (`::json`,
 * `::jsonb`) where it is stored.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A column value: nested plain JSON (arrays, objects) must hold no bigint; write RawJson for that. */
export type RecordsetValue =
  | string
  | number
  | boolean
  | bigint
  | Date
  | RawJson
  | null
  | undefined
  | readonly unknown[]
  | { readonly [key: string]: unknown };

/**
 * Rows as ONE JSON array, the parameter of `json_to_recordset($1::json) AS v(<columns>)`. Many
 * rows then cost one parameter: no per-element array escaping in the driver (which was a tenth of
 * the service's CPU with JSON columns inside text[] arrays). Written by one native
 * JSON.stringify (hand-built text was a tenth of the service's CPU again, measured): a bigint goes
 * as a JSON string of its digits, which PostgreSQL reads exactly into a bigint column; a Date as
 * ISO text; null and undefined as a missing key (NULL).
 */
export function jsonRecordset(rows: readonly Record<string, RecordsetValue>[]): string {
  const plain = new Array<Record<string, unknown>>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const out: Record<string, unknown> = {};
    for (const key in row) {
      const v = row[key];
      if (v === undefined || v === null) continue;
      if (typeof v === 'bigint') out[key] = v.toString();
      else if (v instanceof RawJson) out[key] = v.text;
      else if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`not a JSON number: ${v}`);
      else out[key] = v;
    }
    plain[i] = out;
  }
  return JSON.stringify(plain);
}
