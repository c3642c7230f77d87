/**
 * JSON text that is already serialized (a charge message as received, an outcome's data): written
 * to a `json` column as it is, never parsed and serialized again on the way.
 */
export class RawJson {
  constructor(readonly text: string) {}
}
