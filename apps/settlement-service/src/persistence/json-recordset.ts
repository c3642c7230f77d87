import { stringifyWithBigint } from '../outbox/json-with-bigint';

/** JSON text that is already serialized (e.g. an event payload) and goes into a row as it is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * Rows as ONE JSON array, the parameter of `json_to_recordset($1::json) AS v(<columns>)`. Many
 * rows then cost one parameter: no per-element array escaping in the driver (which was a tenth of
 * the service's CPU with JSON columns inside text[] arrays), and JSON-valued columns nest as
 * JSON instead of being quoted twice. bigint is written as a JSON integer (PostgreSQL reads it
 * exactly), Date as ISO text, nested objects with stringifyWithBigint.
 */
export function jsonRecordset(rows: readonly Record<string, unknown>[]): string {
  const out: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let s = '{';
    let first = true;
    for (const key in row) {
      const v = row[key];
      if (v === undefined || v === null) continue; // a missing key reads as NULL
      s += `${first ? '' : ','}"${key}":${jsonValue(v)}`;
      first = false;
    }
    out[i] = `${s}}`;
  }
  return `[${out.join(',')}]`;
}

function jsonValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isFinite(v)) throw new RangeError(`not a JSON number: ${v}`);
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v instanceof RawJson) return v.text;
      if (v instanceof Date) return `"${v.toISOString()}"`;
      return stringifyWithBigint(v);
  }
}
