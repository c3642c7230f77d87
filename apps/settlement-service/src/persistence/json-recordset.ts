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
 * null and undefined as a missing key (NULL). The pieces are joined once into one flat string (see
 * json-with-bigint.ts): a batch's recordset is hundreds of kilobytes, and a tree of concatenations
 * was walked again when the driver counted its bytes.
 */
export function jsonRecordset(rows: readonly Record<string, RecordsetValue>[]): string {
  const parts: string[] = ['['];
  const raw: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const plain: Record<string, unknown> = {};
    raw.length = 0;
    for (const key in row) {
      const v = row[key];
      if (v === undefined || v === null) continue;
      if (typeof v === 'bigint') plain[key] = v.toString();
      else if (v instanceof RawJson) raw.push(`${JSON.stringify(key)}:`, v.text);
      else if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`not a JSON number: ${v}`);
      else plain[key] = v;
    }
    if (i > 0) parts.push(',');
    const head = JSON.stringify(plain);
    if (raw.length === 0) {
      parts.push(head);
      continue;
    }
    // The plain columns' object without its closing brace, then `,"key":<raw json>` per raw column.
    parts.push(head === '{}' ? '{' : `${head.slice(0, -1)},`);
    for (let k = 0; k < raw.length; k += 2) {
      if (k > 0) parts.push(',');
      parts.push(raw[k], raw[k + 1]);
    }
    parts.push('}');
  }
  parts.push(']');
  return parts.join('');
}
