/**
 * The fields the contract names, per inbound body. Only these are read, hashed and stored: an
 * extra field (a terminal's own, or a megabyte of junk) is dropped on arrival, so it can neither
 * grow the stored request nor make a retry look like a conflict.
 */
export interface KnownFields {
  readonly top: readonly string[];
  /** Fields holding an object, with its own known fields. */
  readonly objects?: Readonly<Record<string, KnownFields>>;
  /** Fields holding an array of objects, with each element's known fields. */
  readonly arrays?: Readonly<Record<string, KnownFields>>;
}

// In the order of the fingerprints stored so far: a valid body's projection, serialized, is its fingerprint text.
export const CHARGE_FIELDS: KnownFields = {
  top: ['chargeId', 'merchantId', 'terminalId', 'patientId', 'credential', 'occurredAt', 'items', 'totalFen'],
  objects: { credential: { top: ['kind', 'personId'] } },
  arrays: { items: { top: ['lineId', 'code', 'name', 'category', 'inCatalog', 'amountFen', 'fundPaidFen'] } },
};
export const REVERSAL_FIELDS: KnownFields = {
  top: ['reversalId', 'chargeId', 'merchantId', 'terminalId', 'patientId', 'requestedAt', 'reason'],
};
export const DECISION_FIELDS: KnownFields = { top: ['authorizationId', 'holderId', 'decision', 'decidedAt'] };
export const CONTRIBUTION_FIELDS: KnownFields = {
  top: [
    'contributionId',
    'holderId',
    'beneficiaryId',
    'relationship',
    'scheme',
    'period',
    'amountFen',
    'payeeId',
    'requestedAt',
  ],
};

const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A plain object with only the known fields of `raw`, in the spec's order (values as received,
 * nested known objects projected alike). Keys are the spec's names, never `__proto__`.
 */
export function knownFields(raw: Record<string, unknown>, spec: KnownFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of spec.top) {
    if (!own(raw, key)) continue;
    const value = raw[key];
    const objectSpec = spec.objects?.[key];
    const elementSpec = spec.arrays?.[key];
    if (objectSpec && isRecord(value)) out[key] = knownFields(value, objectSpec);
    else if (elementSpec && Array.isArray(value)) {
      out[key] = value.map((e: unknown) => (isRecord(e) ? knownFields(e, elementSpec) : e));
    } else out[key] = value;
  }
  return out;
}
