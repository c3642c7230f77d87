import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import Ajv, { type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validators compiled from `docs/asyncapi.yaml`, the repository's machine-readable copy of the
 * Kafka contract. The document is parsed (and its $refs resolved) by `@asyncapi/parser`; each
 * message payload schema is compiled with ajv + ajv-formats. So a test checks events against
 * the very document consumers read, not against a second copy of the schemas.
 *
 * Usage (unit or integration test):
 *
 *   beforeAll(() => loadAsyncApiContract());
 *   expect(validateSettlementEvent(JSON.parse(message.value.toString()))).toEqual([]);
 */

export const ASYNCAPI_PATH = join(__dirname, '..', '..', 'docs', 'asyncapi.yaml');
export const SETTLEMENT_EVENTS_TOPIC = 'settlement.events.v1';

export interface MessageExample {
  /** Channel address (the Kafka topic). */
  topic: string;
  /** Message name: the event `type` for settlement events. */
  message: string;
  example: string;
  payload: unknown;
}

export interface AsyncApiContract {
  readonly document: AsyncAPIDocumentInterface;
  /** Every channel address (Kafka topic) in the document, in document order. */
  readonly topics: readonly string[];
  /** Topics the service receives (their payloads have a schema). */
  readonly inboundTopics: readonly string[];
  /** Event `type`s documented on settlement.events.v1, in document order. */
  readonly settlementEventTypes: readonly string[];
  /** Every example the document carries for a message with a JSON payload. */
  readonly examples: readonly MessageExample[];
  /** Problems of a parsed CloudEvent (a string or Buffer is JSON-parsed first); [] when it matches. */
  validateSettlementEvent(event: unknown): string[];
  /** Problems of an inbound payload on `topic` (a receive channel); [] when it matches. */
  validateInboundPayload(topic: string, payload: unknown): string[];
}

const loaded = new Map<string, Promise<AsyncApiContract>>();
let lastLoaded: AsyncApiContract | null = null;

/** Parses the document and compiles its validators (once per path; later calls reuse them). */
export function loadAsyncApiContract(path: string = ASYNCAPI_PATH): Promise<AsyncApiContract> {
  let contract = loaded.get(path);
  if (!contract) {
    contract = buildContract(path).then((c) => (lastLoaded = c));
    contract.catch(() => loaded.delete(path));
    loaded.set(path, contract);
  }
  return contract;
}

/** `validateSettlementEvent` of the contract last loaded with `loadAsyncApiContract()`. */
export function validateSettlementEvent(parsedCloudEvent: unknown): string[] {
  return current().validateSettlementEvent(parsedCloudEvent);
}

/** `validateInboundPayload` of the contract last loaded with `loadAsyncApiContract()`. */
export function validateInboundPayload(topic: string, payload: unknown): string[] {
  return current().validateInboundPayload(topic, payload);
}

function current(): AsyncApiContract {
  if (!lastLoaded)
    throw new Error('docs/asyncapi.yaml is not loaded: call `await loadAsyncApiContract()` first (e.g. in beforeAll)');
  return lastLoaded;
}

async function buildContract(path: string): Promise<AsyncApiContract> {
  const { document, diagnostics } = await new Parser().parse(readFileSync(path, 'utf8'));
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (!document || errors.length) {
    throw new Error(
      `${path} is not a valid AsyncAPI document:\n${errors.map((d) => `  ${d.path.join('.')}: ${d.message}`).join('\n')}`,
    );
  }

  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);

  const topics: string[] = [];
  const inboundTopics: string[] = [];
  const examples: MessageExample[] = [];
  const byEventType = new Map<string, ValidateFunction>();
  const byInboundTopic = new Map<string, ValidateFunction>();

  const receives = new Set(
    document
      .operations()
      .all()
      .filter((op) => op.isReceive())
      .flatMap((op) =>
        op
          .channels()
          .all()
          .map((ch) => ch.address()),
      ),
  );

  for (const channel of document.channels().all()) {
    const topic = channel.address();
    if (!topic) continue;
    topics.push(topic);
    for (const message of channel.messages().all()) {
      const schema = message.payload()?.json();
      const hasJsonPayload = isObject(schema) && schema.type !== undefined;
      if (hasJsonPayload) {
        for (const ex of message.examples().all()) {
          if (ex.hasPayload())
            examples.push({
              topic,
              message: message.name() ?? message.id(),
              example: ex.name() ?? '',
              payload: ex.payload(),
            });
        }
      }
      if (topic === SETTLEMENT_EVENTS_TOPIC) {
        const type = eventTypeOf(schema);
        if (!type) throw new Error(`${path}: message ${message.id()} on ${topic} has no payload.properties.type.const`);
        byEventType.set(type, ajv.compile(withoutParserExtensions(schema) as AnySchema));
      } else if (receives.has(topic) && hasJsonPayload) {
        if (byInboundTopic.has(topic)) throw new Error(`${path}: more than one message on ${topic}`);
        inboundTopics.push(topic);
        byInboundTopic.set(topic, ajv.compile(withoutParserExtensions(schema) as AnySchema));
      }
    }
  }
  const settlementEventTypes = [...byEventType.keys()];

  return {
    document,
    topics,
    inboundTopics,
    settlementEventTypes,
    examples,
    validateSettlementEvent(input: unknown): string[] {
      const event = asJson(input);
      if ('problem' in event) return [event.problem];
      const value = event.value;
      if (!isObject(value)) return ['/ must be a JSON object (a CloudEvents structured event)'];
      const validate = typeof value.type === 'string' ? byEventType.get(value.type) : undefined;
      if (!validate)
        return [`/type must be one of ${settlementEventTypes.join(', ')} (got ${JSON.stringify(value.type)})`];
      if (!validate(value)) return describe(validate.errors);
      return contractRules(value);
    },
    validateInboundPayload(topic: string, input: unknown): string[] {
      const validate = byInboundTopic.get(topic);
      if (!validate)
        throw new Error(`${topic} is not a receive channel of ${path} (known: ${inboundTopics.join(', ')})`);
      const payload = asJson(input);
      if ('problem' in payload) return [payload.problem];
      return validate(payload.value) ? [] : describe(validate.errors);
    },
  };
}

/**
 * The contract's invariants that JSON Schema cannot state (CONTRACT.md, "Outbound events"),
 * checked once the event matches its schema.
 */
function contractRules(event: Record<string, unknown>): string[] {
  const data = event.data as Record<string, unknown>;
  const problems: string[] = [];
  const type = event.type as string;
  const expectedSubject = type.startsWith('binding.')
    ? data.bindingId
    : type.startsWith('contribution.')
      ? data.contributionId
      : type === 'reversal.rejected'
        ? (data.chargeId ?? data.reversalId)
        : data.chargeId;
  if (event.subject !== expectedSubject)
    problems.push(`/subject must be ${JSON.stringify(expectedSubject)} (got ${JSON.stringify(event.subject)})`);

  if (type === 'charge.settled') {
    const a = data.amounts as Record<string, number>;
    const legs = data.legs as { holderId: string; relationship: string; amountFen: number; balanceAfterFen: number }[];
    const sum = (xs: { amountFen: number }[]) => xs.reduce((s, l) => s + l.amountFen, 0);
    if (a.medfeeSumamtFen !== a.fundPaySumamtFen + a.psnPartAmtFen)
      problems.push('/data/amounts medfeeSumamtFen must equal fundPaySumamtFen + psnPartAmtFen');
    if (a.psnPartAmtFen !== a.acctPayFen + a.psnCashPayFen)
      problems.push('/data/amounts psnPartAmtFen must equal acctPayFen + psnCashPayFen');
    if (a.acctPayFen !== sum(legs))
      problems.push(`/data/amounts acctPayFen must equal the sum of legs[].amountFen (${sum(legs)})`);
    const fromRelatives = sum(legs.filter((l) => l.relationship !== 'SELF'));
    if (a.acctMulaidPayFen !== fromRelatives)
      problems.push(`/data/amounts acctMulaidPayFen must equal the sum of non-SELF legs (${fromRelatives})`);
    if (a.ineligibleFen > a.psnCashPayFen)
      problems.push('/data/amounts ineligibleFen (no account may pay it) must not exceed psnCashPayFen');
    const own = legs.filter((l) => l.relationship === 'SELF');
    if (own.length > 1) problems.push('/data/legs must hold at most one SELF leg');
    for (const leg of own) {
      if (leg.holderId !== data.patientId)
        problems.push("/data/legs a SELF leg must be the patient's own account (holderId = patientId)");
      if (data.balcFen !== leg.balanceAfterFen)
        problems.push("/data/balcFen must equal the SELF leg's balanceAfterFen");
    }
  }
  if (type === 'charge.reversed') {
    const legs = data.legs as { amountFen: number }[];
    const sum = legs.reduce((s, l) => s + l.amountFen, 0);
    if (data.reversedFen !== sum) problems.push(`/data/reversedFen must equal the sum of legs[].amountFen (${sum})`);
    if (data.originalStatus !== 'SETTLED' && legs.length > 0)
      problems.push(`/data/legs must be empty when originalStatus is ${String(data.originalStatus)}`);
  }
  return problems;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const at = e.instancePath || '/';
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties')
      return `${at} must NOT have the additional property ${JSON.stringify(p.additionalProperty)}`;
    if (e.keyword === 'enum') return `${at} must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    if (e.keyword === 'const') return `${at} must be ${JSON.stringify(p.allowedValue)}`;
    return `${at} ${e.message ?? e.keyword}`;
  });
}

function asJson(input: unknown): { value: unknown } | { problem: string } {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) return { value: input };
  try {
    return { value: JSON.parse(input.toString()) as unknown };
  } catch {
    return { problem: '/ is not JSON' };
  }
}

function eventTypeOf(schema: unknown): string | undefined {
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : undefined;
  const type = properties && isObject(properties.type) ? properties.type.const : undefined;
  return typeof type === 'string' ? type : undefined;
}

/** A copy of a parsed schema without the parser's `x-parser-*` annotations (ajv strict mode rejects unknown keywords). */
function withoutParserExtensions(schema: unknown, path: unknown[] = []): unknown {
  if (path.includes(schema)) throw new Error('recursive schemas are not supported');
  if (Array.isArray(schema)) return schema.map((s) => withoutParserExtensions(s, [...path, schema]));
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k]) => !k.startsWith('x-parser-'))
      .map(([k, v]) => [k, withoutParserExtensions(v, [...path, schema])]),
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
