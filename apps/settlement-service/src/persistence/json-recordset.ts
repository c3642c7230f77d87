/**
 * JSON text that is already serialized (e.g. an event payload, or a value holding bigint fen). It
 * is spliced into the recordset as JSON, not as a string: declare its column `json` or `jsonb`
 * (or `json` and cast `::text` for a text column, which keeps the text exactly).
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
 * the service's CPU with JSON columns inside text[] arrays). Scalars are written by native
 * JSON.stringify, raw JSON is spliced in unescaped (hand-built text, or JSON nested as escaped
 * strings, each cost a tenth of the service's CPU at load, measured). A bigint goes as a JSON
 * string of its digits, which PostgreSQL reads exactly into a bigint column; a Date as ISO text;
 * null and undefined as a missing key (NULL).
 */
export function jsonRecordset(rows: readonly Record<string, RecordsetValue>[]): string {
  const out = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const plain: Record<string, unknown> = {};
    let raw = '';
    for (const key in row) {
      const v = row[key];
      if (v === undefined || v === null) continue;
      if (typeof v === 'bigint') plain[key] = v.toString();
      else if (v instanceof RawJson) raw += `,${JSON.stringify(key)}:${v.text}`;
      else if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`not a JSON number: ${v}`);
      else plain[key] = v;
    }
    const head = JSON.stringify(plain);
    out[i] = raw === '' ? head : head === '{}' ? `{${raw.slice(1)}}` : `${head.slice(0, -1)}${raw}}`;
  }
  return `[${out.join(',')}]`;
}
