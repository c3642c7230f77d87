import { createHash } from 'node:crypto';
import { validateSync } from 'class-validator';
import { AuthorizationDecisionDto } from './authorization-decision.dto';
import { contentHash, sha256Hex } from './canonical-hash';
import { chargeIsSurelyValid } from './charge-fast-accept';
import { ChargeItemDto, ChargeRequestedDto, CredentialDto } from './charge-requested.dto';
import { ContributionRequestedDto } from './contribution-requested.dto';
import { isIdentifier } from './contract-formats';
import { CHARGE_FIELDS, CONTRIBUTION_FIELDS, DECISION_FIELDS, REVERSAL_FIELDS, knownFields } from './known-fields';
import { ReversalRequestedDto } from './reversal-requested.dto';
import { firstUnstorableString, nestsDeeperThan, storableCopy } from './storable-json';
import { FieldProblem, describeProblems, fieldProblems } from './validation-message';

/** Why a message went to the DLQ (header `x-error-code`). */
export type PoisonCode =
  'NOT_JSON_OBJECT' | 'MISSING_ID' | 'INVALID_DECISION' | 'UNKNOWN_TOPIC' | 'PROCESSING_FAULT' | 'MESSAGE_TOO_LARGE';

/** The default of INBOUND_MAX_BYTES (config/app-config.ts). */
export const DEFAULT_INBOUND_MAX_BYTES = 786432;
/** JSON deeper than this (contract bodies have 3 levels) is refused before it is hashed or validated. */
export const MAX_JSON_DEPTH = 32;

export interface DecodeLimits {
  /** A value longer than this is refused with its contract code, and not stored. */
  maxBytes: number;
}
const DEFAULT_LIMITS: DecodeLimits = { maxBytes: DEFAULT_INBOUND_MAX_BYTES };

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

type Parsed =
  | { kind: 'not-object' }
  /** Parsed only to name its id in the answer: too large or too deep to read further or keep. */
  | { kind: 'unread'; raw: Record<string, unknown>; problem: FieldProblem; digest: string }
  /** `problem`: a lone surrogate or NUL, replaced in `raw` so the rejection can be stored. */
  | { kind: 'object'; raw: Record<string, unknown>; problem: FieldProblem | null };

/** The JSON object a message holds, and whether it can be read and kept. */
function parse(bytes: Buffer | null, limits: DecodeLimits): Parsed {
  if (!bytes) return { kind: 'not-object' };
  const text = bytes.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { kind: 'not-object' };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { kind: 'not-object' };
  const raw = v as Record<string, unknown>;
  // The bytes' digest: a redelivery is a duplicate, other bytes under the same id a conflict.
  const digest = (): string => createHash('sha256').update(bytes).digest('hex');
  if (bytes.length > limits.maxBytes) {
    const problem = `the message is ${bytes.length} bytes, over the ${limits.maxBytes}-byte limit`;
    return { kind: 'unread', raw, problem: { field: '(message)', problem }, digest: digest() };
  }
  if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
    const problem = `nests deeper than ${MAX_JSON_DEPTH} levels`;
    return { kind: 'unread', raw, problem: { field: '(message)', problem }, digest: digest() };
  }
  // Only an escape can spell a lone surrogate or a NUL (bad UTF-8 bytes decode to U+FFFD).
  const unstorable = text.includes('\\u') ? firstUnstorableString(raw) : null;
  if (unstorable === null) return { kind: 'object', raw, problem: null };
  return { kind: 'object', raw: storableCopy(raw) as Record<string, unknown>, problem: unstorable };
}

function notAnObject(bytes: Buffer | null, limits: DecodeLimits): DecodedMessage {
  if (bytes && bytes.length > limits.maxBytes) return tooLargeForTheDlq(bytes, limits);
  return { kind: 'poison', code: 'NOT_JSON_OBJECT', message: 'value is not a JSON object' };
}

/**
 * Over the limit and without an id to answer: dead-lettered unread, its bytes untouched, because
 * the contract's DLQ carries the original bytes (one size-capped copy per such message).
 */
function tooLargeForTheDlq(bytes: Buffer, limits: DecodeLimits): DecodedMessage {
  return {
    kind: 'poison',
    code: 'MESSAGE_TOO_LARGE',
    message: `the message is ${bytes.length} bytes, over the ${limits.maxBytes}-byte limit`,
  };
}

/** What is kept of a message refused unread: the identifiers that route its answer. */
function identifiersOf(raw: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (isIdentifier(raw[name])) out[name] = raw[name];
  return out;
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
  return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The DTO instance class-validator needs, made directly from the known fields: class-transformer's
 * generic plainToInstance cost about half of all decoding time on the hot path (measured). Extra
 * fields, `constructor` and `__proto__` among them, were dropped by the projection (`"constructor":
 * null` on the instance once made class-validator throw, failing the whole fetched batch).
 */
function instance<T extends object>(cls: new () => T, known: Record<string, unknown>): T {
  return Object.assign(new cls(), known);
}

/** `known` is a projection by CHARGE_FIELDS. */
function chargeInstance(known: Record<string, unknown>): ChargeRequestedDto {
  const charge = instance(ChargeRequestedDto, known);
  if (isObject(known.credential)) charge.credential = instance(CredentialDto, known.credential);
  if (Array.isArray(known.items)) {
    charge.items = known.items.map((i: unknown) => (isObject(i) ? instance(ChargeItemDto, i) : i)) as ChargeItemDto[];
  }
  return charge;
}

/** ChargeRequestedDto's rules as class-validator applies them (the wording of every rejection). */
export function chargeSchemaProblems(raw: Record<string, unknown>): FieldProblem[] {
  return fieldProblems(validateSync(chargeInstance(knownFields(raw, CHARGE_FIELDS)), VALIDATE));
}

/**
 * Validates a ChargeRequested body; shared by the Kafka consumer and `POST /v1/quotes` and
 * `/v1/charges`. The charge holds the contract's fields only.
 */
export function validateCharge(
  raw: Record<string, unknown>,
): { charge: ChargeRequestedDto } | { problems: FieldProblem[] } {
  const known = knownFields(raw, CHARGE_FIELDS);
  let problems = chargeIsSurelyValid(known) ? [] : chargeSchemaProblems(known);
  const charge = chargeInstance(known);
  if (problems.length === 0) problems = chargeArithmeticProblems(charge);
  return problems.length ? { problems } : { charge };
}

export function decodeCharge(bytes: Buffer | null, limits: DecodeLimits = DEFAULT_LIMITS): DecodedMessage {
  const parsed = parse(bytes, limits);
  if (parsed.kind === 'not-object') return notAnObject(bytes, limits);
  const { raw } = parsed;
  if (!isIdentifier(raw.chargeId)) {
    if (parsed.kind === 'unread' && bytes && bytes.length > limits.maxBytes) return tooLargeForTheDlq(bytes, limits);
    return { kind: 'poison', code: 'MISSING_ID', message: 'no usable chargeId' };
  }
  if (parsed.kind === 'unread') {
    const kept = identifiersOf(raw, ['chargeId', 'merchantId', 'terminalId', 'patientId']);
    return invalidCharge(raw.chargeId, parsed.digest, kept, [parsed.problem]);
  }
  const known = knownFields(raw, CHARGE_FIELDS);
  const result = parsed.problem === null ? validateCharge(known) : { problems: [parsed.problem] };
  if ('charge' in result) {
    // All fields present and in CHARGE_FIELDS' order: this text is the charge's fingerprint, and what is stored.
    const requestText = JSON.stringify(known);
    return {
      kind: 'charge',
      chargeId: result.charge.chargeId,
      hash: sha256Hex(requestText),
      charge: result.charge,
      requestText,
    };
  }
  return invalidCharge(raw.chargeId, contentHash(known), known, result.problems);
}

function invalidCharge(
  chargeId: string,
  hash: string,
  kept: Record<string, unknown>,
  problems: FieldProblem[],
): DecodedMessage {
  return {
    kind: 'invalid-charge',
    chargeId,
    hash,
    raw: kept,
    requestText: JSON.stringify(kept),
    problems,
    message: describeProblems(problems),
  };
}

/** Validates a ReversalRequested body; shared by the Kafka consumer and `POST /v1/reversals`. */
export function validateReversal(
  raw: Record<string, unknown>,
): { reversal: ReversalRequestedDto } | { problems: FieldProblem[] } {
  const reversal = instance(ReversalRequestedDto, knownFields(raw, REVERSAL_FIELDS));
  const problems = fieldProblems(validateSync(reversal, VALIDATE));
  return problems.length ? { problems } : { reversal };
}

export function decodeReversal(bytes: Buffer | null, limits: DecodeLimits = DEFAULT_LIMITS): DecodedMessage {
  const parsed = parse(bytes, limits);
  if (parsed.kind === 'not-object') return notAnObject(bytes, limits);
  const { raw } = parsed;
  if (!isIdentifier(raw.reversalId)) {
    if (parsed.kind === 'unread' && bytes && bytes.length > limits.maxBytes) return tooLargeForTheDlq(bytes, limits);
    return { kind: 'poison', code: 'MISSING_ID', message: 'no usable reversalId' };
  }
  if (parsed.kind === 'unread') {
    const kept = identifiersOf(raw, ['reversalId', 'chargeId', 'merchantId', 'terminalId', 'patientId']);
    return {
      kind: 'invalid-reversal',
      reversalId: raw.reversalId,
      hash: parsed.digest,
      raw: kept,
      message: describeProblems([parsed.problem]),
    };
  }
  const known = knownFields(raw, REVERSAL_FIELDS);
  const result = parsed.problem === null ? validateReversal(known) : { problems: [parsed.problem] };
  if ('problems' in result) {
    return {
      kind: 'invalid-reversal',
      reversalId: raw.reversalId,
      hash: contentHash(known),
      raw: known,
      message: describeProblems(result.problems),
    };
  }
  return {
    kind: 'reversal',
    reversalId: result.reversal.reversalId,
    hash: contentHash(known),
    reversal: result.reversal,
  };
}

export function decodeDecision(bytes: Buffer | null, limits: DecodeLimits = DEFAULT_LIMITS): DecodedMessage {
  const parsed = parse(bytes, limits);
  if (parsed.kind === 'not-object') return notAnObject(bytes, limits);
  if (bytes && bytes.length > limits.maxBytes) return tooLargeForTheDlq(bytes, limits);
  const raw = parsed.raw;
  if (!isIdentifier(raw.authorizationId)) {
    return { kind: 'poison', code: 'MISSING_ID', message: 'no usable authorizationId' };
  }
  if (parsed.kind === 'unread') {
    return { kind: 'poison', code: 'INVALID_DECISION', message: describeProblems([parsed.problem]) };
  }
  const decision = instance(AuthorizationDecisionDto, knownFields(raw, DECISION_FIELDS));
  const problems = fieldProblems(validateSync(decision, VALIDATE));
  if (problems.length) return { kind: 'poison', code: 'INVALID_DECISION', message: describeProblems(problems) };
  return { kind: 'decision', decision };
}

export function decodeContribution(bytes: Buffer | null, limits: DecodeLimits = DEFAULT_LIMITS): DecodedMessage {
  const parsed = parse(bytes, limits);
  if (parsed.kind === 'not-object') return notAnObject(bytes, limits);
  const raw = parsed.raw;
  if (!isIdentifier(raw.contributionId)) {
    if (parsed.kind === 'unread' && bytes && bytes.length > limits.maxBytes) return tooLargeForTheDlq(bytes, limits);
    return { kind: 'poison', code: 'MISSING_ID', message: 'no usable contributionId' };
  }
  if (parsed.kind === 'unread') {
    const kept = identifiersOf(raw, ['contributionId', 'holderId', 'beneficiaryId']);
    return {
      kind: 'invalid-contribution',
      contributionId: raw.contributionId,
      hash: parsed.digest,
      raw: kept,
      problems: [parsed.problem],
      message: describeProblems([parsed.problem]),
    };
  }
  const known = knownFields(raw, CONTRIBUTION_FIELDS);
  const result = parsed.problem === null ? validateContribution(known) : { problems: [parsed.problem] };
  if ('contribution' in result) {
    return {
      kind: 'contribution',
      contributionId: result.contribution.contributionId,
      hash: contributionFingerprint(result.contribution),
      contribution: result.contribution,
      requestText: JSON.stringify(known),
    };
  }
  return {
    kind: 'invalid-contribution',
    contributionId: raw.contributionId,
    hash: contentHash(known),
    raw: known,
    problems: result.problems,
    message: describeProblems(result.problems),
  };
}

/**
 * Validates a contribution request; shared by the Kafka consumer and `POST /v1/contributions`.
 * The contribution holds the contract's fields only.
 */
export function validateContribution(
  raw: Record<string, unknown>,
): { contribution: ContributionRequestedDto } | { problems: FieldProblem[] } {
  const contribution = instance(ContributionRequestedDto, knownFields(raw, CONTRIBUTION_FIELDS));
  const problems = fieldProblems(validateSync(contribution, VALIDATE));
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
