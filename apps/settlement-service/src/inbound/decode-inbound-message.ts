import { validateSync } from 'class-validator';
import { AuthorizationDecisionDto } from './authorization-decision.dto';
import { contentHash, sha256Hex } from './canonical-hash';
import { chargeIsSurelyValid } from './charge-fast-accept';
import { ChargeItemDto, ChargeRequestedDto, CredentialDto } from './charge-requested.dto';
import { ContributionRequestedDto } from './contribution-requested.dto';
import { isIdentifier } from './contract-formats';
import { ReversalRequestedDto } from './reversal-requested.dto';
import { firstMalformedString, wellFormedCopy } from './well-formed-unicode';
import { FieldProblem, describeProblems, fieldProblems } from './validation-message';

/** Why a message went to the DLQ (header `x-error-code`). */
export type PoisonCode = 'NOT_JSON_OBJECT' | 'MISSING_ID' | 'INVALID_DECISION' | 'UNKNOWN_TOPIC' | 'PROCESSING_FAULT';

export type DecodedMessage =
  | { kind: 'poison'; code: PoisonCode; message: string }
  | { kind: 'charge'; chargeId: string; hash: string; charge: ChargeRequestedDto; requestText: string }
  | {
      kind: 'invalid-charge';
      chargeId: string;
      hash: string;
      raw: Record<string, unknown>;
      requestText: string;
      message: string;
      problems: FieldProblem[];
    }
  | { kind: 'reversal'; reversalId: string; hash: string; reversal: ReversalRequestedDto }
  | { kind: 'invalid-reversal'; reversalId: string; hash: string; raw: Record<string, unknown>; message: string }
  | { kind: 'decision'; decision: AuthorizationDecisionDto }
  | {
      kind: 'contribution';
      contributionId: string;
      hash: string;
      contribution: ContributionRequestedDto;
      requestText: string;
    }
  | {
      kind: 'invalid-contribution';
      contributionId: string;
      hash: string;
      raw: Record<string, unknown>;
      message: string;
      problems: FieldProblem[];
    };

const VALIDATE = { forbidUnknownValues: true, validationError: { target: false, value: false } } as const;

function parseObject(bytes: Buffer | null): Record<string, unknown> | null {
  return parseObjectText(bytes)?.raw ?? null;
}

interface ParsedObject {
  raw: Record<string, unknown>;
  /** The text as received (UTF-8 decoded); re-serialized only when it spelled a lone surrogate. */
  text: string;
  /** Where a lone surrogate was (then replaced in `raw` and `text`), or null. */
  malformed: string | null;
}

/** The JSON object a message holds, and its text. */
function parseObjectText(bytes: Buffer | null): ParsedObject | null {
  if (!bytes) return null;
  const text = bytes.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  // Only an escape can spell a lone surrogate (bad UTF-8 bytes decode to U+FFFD).
  const malformed = text.includes('\\u') ? firstMalformedString(v) : null;
  if (malformed === null) return { raw: v as Record<string, unknown>, text, malformed };
  const raw = wellFormedCopy(v) as Record<string, unknown>;
  return { raw, text: JSON.stringify(raw), malformed };
}

const notWellFormed = (field: string): FieldProblem => ({
  field,
  problem: 'is not well-formed Unicode (a lone surrogate escape)',
});

/** Only contract fields take part in the fingerprint, so an extra field a terminal adds is no conflict. */
function chargeFingerprint(c: ChargeRequestedDto): string {
  // Built field by field in a fixed order, so plain JSON text is already canonical.
  return sha256Hex(
    JSON.stringify({
      chargeId: c.chargeId,
      merchantId: c.merchantId,
      terminalId: c.terminalId,
      patientId: c.patientId,
      credential: { kind: c.credential.kind, personId: c.credential.personId },
      occurredAt: c.occurredAt,
      items: c.items.map((i) => ({
        lineId: i.lineId,
        code: i.code,
        name: i.name,
        category: i.category,
        inCatalog: i.inCatalog,
        amountFen: i.amountFen,
        fundPaidFen: i.fundPaidFen,
      })),
      totalFen: c.totalFen,
    }),
  );
}

/** Arithmetic the schema cannot express: fund share within each line, and the total. */
export function chargeArithmeticProblems(c: ChargeRequestedDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let sum = 0n;
  c.items.forEach((item, i) => {
    if (item.fundPaidFen > item.amountFen) {
      problems.push({ field: `items[${i}].fundPaidFen`, problem: 'must not exceed the line amountFen' });
    }
    sum += BigInt(item.amountFen);
  });
  if (sum !== BigInt(c.totalFen)) {
    problems.push({ field: 'totalFen', problem: `must equal the sum of items[].amountFen (${sum})` });
  }
  if (Number.isNaN(Date.parse(c.occurredAt))) problems.push({ field: 'occurredAt', problem: 'is not a real date' });
  return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The DTO instances class-validator needs, made directly: class-transformer's generic
 * plainToInstance cost about half of all decoding time on the hot path (measured). A body's
 * `constructor` or `__proto__` key is dropped like any other extra field: copied onto the
 * instance it would change what class-validator takes the instance for (`"constructor": null`
 * made it throw, which failed the whole fetched batch).
 */
function instance<T extends object>(cls: new () => T, raw: Record<string, unknown>): T {
  const o = new cls() as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (key !== 'constructor' && key !== '__proto__') o[key] = raw[key];
  return o as T;
}

function chargeInstance(raw: Record<string, unknown>): ChargeRequestedDto {
  const charge = instance(ChargeRequestedDto, raw);
  if (isObject(raw.credential)) charge.credential = instance(CredentialDto, raw.credential);
  if (Array.isArray(raw.items)) {
    charge.items = raw.items.map((i: unknown) => (isObject(i) ? instance(ChargeItemDto, i) : i)) as ChargeItemDto[];
  }
  return charge;
}

/** ChargeRequestedDto's rules as class-validator applies them (the wording of every rejection). */
export function chargeSchemaProblems(raw: Record<string, unknown>): FieldProblem[] {
  return fieldProblems(validateSync(chargeInstance(raw), VALIDATE));
}

/** Validates a ChargeRequested body; shared by the Kafka consumer and `POST /v1/quotes`. */
export function validateCharge(
  raw: Record<string, unknown>,
): { charge: ChargeRequestedDto } | { problems: FieldProblem[] } {
  let problems = chargeIsSurelyValid(raw) ? [] : chargeSchemaProblems(raw);
  const charge = chargeInstance(raw);
  if (problems.length === 0) problems = chargeArithmeticProblems(charge);
  return problems.length ? { problems } : { charge };
}

export function decodeCharge(bytes: Buffer | null): DecodedMessage {
  const parsed = parseObjectText(bytes);
  if (!parsed) return { kind: 'poison', code: 'NOT_JSON_OBJECT', message: 'value is not a JSON object' };
  const { raw, text: requestText } = parsed;
  if (!isIdentifier(raw.chargeId)) return { kind: 'poison', code: 'MISSING_ID', message: 'no usable chargeId' };
  const result = parsed.malformed === null ? validateCharge(raw) : { problems: [notWellFormed(parsed.malformed)] };
  if ('charge' in result) {
    return {
      kind: 'charge',
      chargeId: result.charge.chargeId,
      hash: chargeFingerprint(result.charge),
      charge: result.charge,
      requestText,
    };
  }
  return {
    kind: 'invalid-charge',
    chargeId: raw.chargeId,
    hash: contentHash(raw),
    raw,
    requestText,
    problems: result.problems,
    message: describeProblems(result.problems),
  };
}

/** Validates a ReversalRequested body; shared by the Kafka consumer and `POST /v1/reversals`. */
export function validateReversal(
  raw: Record<string, unknown>,
): { reversal: ReversalRequestedDto } | { problems: FieldProblem[] } {
  const reversal = instance(ReversalRequestedDto, raw);
  const problems = fieldProblems(validateSync(reversal, VALIDATE));
  if (problems.length === 0 && Number.isNaN(Date.parse(reversal.requestedAt))) {
    problems.push({ field: 'requestedAt', problem: 'is not a real date' });
  }
  return problems.length ? { problems } : { reversal };
}

export function decodeReversal(bytes: Buffer | null): DecodedMessage {
  const parsed = parseObjectText(bytes);
  if (!parsed) return { kind: 'poison', code: 'NOT_JSON_OBJECT', message: 'value is not a JSON object' };
  const raw = parsed.raw;
  if (!isIdentifier(raw.reversalId)) return { kind: 'poison', code: 'MISSING_ID', message: 'no usable reversalId' };
  const result = parsed.malformed === null ? validateReversal(raw) : { problems: [notWellFormed(parsed.malformed)] };
  if ('problems' in result) {
    return {
      kind: 'invalid-reversal',
      reversalId: raw.reversalId,
      hash: contentHash(raw),
      raw,
      message: describeProblems(result.problems),
    };
  }
  const reversal = result.reversal;
  const { reversalId, chargeId, merchantId, terminalId, patientId, requestedAt, reason } = reversal;
  return {
    kind: 'reversal',
    reversalId,
    hash: contentHash({ reversalId, chargeId, merchantId, terminalId, patientId, requestedAt, reason }),
    reversal,
  };
}

export function decodeDecision(bytes: Buffer | null): DecodedMessage {
  const raw = parseObject(bytes);
  if (!raw) return { kind: 'poison', code: 'NOT_JSON_OBJECT', message: 'value is not a JSON object' };
  if (!isIdentifier(raw.authorizationId))
    return { kind: 'poison', code: 'MISSING_ID', message: 'no usable authorizationId' };
  const decision = instance(AuthorizationDecisionDto, raw);
  const problems = fieldProblems(validateSync(decision, VALIDATE));
  if (problems.length) return { kind: 'poison', code: 'INVALID_DECISION', message: describeProblems(problems) };
  return { kind: 'decision', decision };
}

export function decodeContribution(bytes: Buffer | null): DecodedMessage {
  const parsed = parseObjectText(bytes);
  if (!parsed) return { kind: 'poison', code: 'NOT_JSON_OBJECT', message: 'value is not a JSON object' };
  const raw = parsed.raw;
  if (!isIdentifier(raw.contributionId)) {
    return { kind: 'poison', code: 'MISSING_ID', message: 'no usable contributionId' };
  }
  const result =
    parsed.malformed === null ? validateContribution(raw) : { problems: [notWellFormed(parsed.malformed)] };
  if ('contribution' in result) {
    return {
      kind: 'contribution',
      contributionId: result.contribution.contributionId,
      hash: contributionFingerprint(result.contribution),
      contribution: result.contribution,
      requestText: parsed.text,
    };
  }
  return {
    kind: 'invalid-contribution',
    contributionId: raw.contributionId,
    hash: contentHash(raw),
    raw,
    problems: result.problems,
    message: describeProblems(result.problems),
  };
}

/** Validates a contribution request; shared by the Kafka consumer and `POST /v1/contributions`. */
export function validateContribution(
  raw: Record<string, unknown>,
): { contribution: ContributionRequestedDto } | { problems: FieldProblem[] } {
  const contribution = instance(ContributionRequestedDto, raw);
  const problems = fieldProblems(validateSync(contribution, VALIDATE));
  if (problems.length === 0 && Number.isNaN(Date.parse(contribution.requestedAt))) {
    problems.push({ field: 'requestedAt', problem: 'is not a real date' });
  }
  return problems.length ? { problems } : { contribution };
}

/** The contract's fields in a fixed order: a re-sent request with extra fields is no conflict. */
export function contributionFingerprint(c: ContributionRequestedDto): string {
  return sha256Hex(
    JSON.stringify({
      contributionId: c.contributionId,
      holderId: c.holderId,
      beneficiaryId: c.beneficiaryId,
      relationship: c.relationship,
      scheme: c.scheme,
      period: c.period,
      amountFen: c.amountFen,
      payeeId: c.payeeId,
      requestedAt: c.requestedAt,
    }),
  );
}
