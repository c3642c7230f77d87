import { pseudonymize } from './pseudonymize';

/**
 * A person number standing alone in free text (a message's bytes, an error message quoting
 * them): 9 or more digits, an ID card's final X included, not part of a longer token such as a
 * merchant id (`P6101130042`) or a charge id's sequence. Shorter runs (amounts, dates) stay.
 */
const PERSON_NUMBER = /(?<![A-Za-z0-9])\d{9,}[Xx]?(?![A-Za-z0-9])/g;

/** A JSON field naming a person (the inbound messages' patientId, personId, holderId, …), whatever its value looks like. */
const PERSON_FIELD = /("(?:patientId|personId|holderId|beneficiaryId|payeeId)"\s*:\s*")((?:[^"\\]|\\.)*)"/g;

/** Free text with every person number replaced by its log tag (`p#…`, as the service logs it). */
export function maskPersonIds(text: string): string {
  return text
    .replace(PERSON_FIELD, (_all, field: string, id: string) => `${field}${pseudonymize(id)}"`)
    .replace(PERSON_NUMBER, (id) => pseudonymize(id)!);
}
