import { readFileSync } from 'node:fs';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { CHARGE_REJECTION_CODES, ITEM_CATEGORIES, RELATIONSHIPS } from '@gongji/domain';
import { BINDING_CHANGE_REASONS } from '../../apps/settlement-service/src/application/bindings/binding-event';
import { ASYNCAPI_PATH } from '../support/asyncapi-schemas';

/** docs/asyncapi.yaml is a valid AsyncAPI 3 document naming exactly the contract's topics. */

const CONTRACT_TOPICS = {
  receive: [
    'pos.charges.v1',
    'pos.reversals.v1',
    'mutualaid.authorization-decisions.v1',
    'mutualaid.contribution-requests.v1',
  ],
  send: [
    'settlement.events.v1',
    'pos.charges.v1.dlq',
    'pos.reversals.v1.dlq',
    'mutualaid.authorization-decisions.v1.dlq',
    'mutualaid.contribution-requests.v1.dlq',
  ],
};

const SETTLEMENT_EVENT_TYPES = [
  'charge.settled',
  'charge.rejected',
  'charge.authorization-requested',
  'charge.reversed',
  'reversal.rejected',
  'binding.suspended',
  'binding.resumed',
  'binding.revoked',
  'contribution.paid',
  'contribution.rejected',
  'contribution.refunded',
];

/**
 * Codes this service proposes as additions to the contract's rejection lists (documented as such
 * in the document): a message that fails by itself against a writable database is answered.
 */
const PROPOSED_CODES = ['PROCESSING_FAULT'];

/** The contract's closed lists (CONTRACT.md), by the schema (and property) that carries each. */
const CLOSED_LISTS: [schema: string, property: string | null, values: string[]][] = [
  [
    'ChargeRejectionReason',
    'code',
    [
      'INVALID_CHARGE',
      'UNKNOWN_MERCHANT',
      'MERCHANT_NOT_DESIGNATED',
      'UNKNOWN_PATIENT',
      'PATIENT_NOT_INSURED',
      'CREDENTIAL_MISMATCH',
      'STALE_CHARGE',
      'DUPLICATE_CONFLICT',
      'CHARGE_REVERSED',
      ...PROPOSED_CODES,
    ],
  ],
  [
    'ReversalRejectionReason',
    'code',
    ['INVALID_REVERSAL', 'MERCHANT_MISMATCH', 'REVERSAL_CONFLICT', ...PROPOSED_CODES],
  ],
  ['Relationship', null, ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD']],
  ['LegRelationship', null, ['SELF', 'SPOUSE', 'FATHER', 'MOTHER', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD']],
  [
    'ChargeItem',
    'category',
    [
      'DRUG',
      'MEDICAL_DEVICE',
      'MEDICAL_CONSUMABLE',
      'OUTPATIENT_SERVICE',
      'INPATIENT_SERVICE',
      'HEALTH_SUPPLEMENT',
      'NON_MEDICAL',
    ],
  ],
  ['Credential', 'kind', ['INSURANCE_CARD', 'E_VOUCHER', 'ID_CARD']],
  ['ReversalRequested', 'reason', ['CUSTOMER_RETURN', 'TIMEOUT', 'OPERATOR_ERROR']],
  ['AuthorizationDecision', 'decision', ['APPROVE', 'DECLINE']],
  ['ChargeReversedData', 'originalStatus', ['SETTLED', 'PENDING_AUTHORIZATION', 'NOT_RECEIVED']],
];

const DLQ_HEADERS = [
  'x-error-code',
  'x-error-message',
  'x-original-topic',
  'x-original-partition',
  'x-original-offset',
];

describe('docs/asyncapi.yaml', () => {
  let document: AsyncAPIDocumentInterface;

  beforeAll(async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(readFileSync(ASYNCAPI_PATH, 'utf8'));
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(parsed).toBeDefined();
    document = parsed as AsyncAPIDocumentInterface;
  });

  it('is AsyncAPI 3.0.0', () => {
    expect(document.version()).toBe('3.0.0');
  });

  it('has exactly the contract topics as channels', () => {
    const addresses = document
      .channels()
      .all()
      .map((c) => c.address());
    expect([...addresses].sort()).toEqual([...CONTRACT_TOPICS.receive, ...CONTRACT_TOPICS.send].sort());
  });

  it('receives on the inbound topics and sends on settlement.events.v1 and the dead-letter topics', () => {
    const byAction = (receive: boolean) =>
      document
        .operations()
        .all()
        .filter((op) => op.isReceive() === receive)
        .flatMap((op) =>
          op
            .channels()
            .all()
            .map((c) => c.address()),
        )
        .sort();
    expect(byAction(true)).toEqual([...CONTRACT_TOPICS.receive].sort());
    expect(byAction(false)).toEqual([...CONTRACT_TOPICS.send].sort());
  });

  it('has one message per event type on settlement.events.v1, each sent', () => {
    const channel = document
      .channels()
      .all()
      .find((c) => c.address() === 'settlement.events.v1');
    const names = channel
      ?.messages()
      .all()
      .map((m) => m.name());
    expect(names).toEqual(SETTLEMENT_EVENT_TYPES);
    const sent = document
      .operations()
      .all()
      .filter((op) => op.isSend())
      .flatMap((op) =>
        op
          .messages()
          .all()
          .map((m) => m.name()),
      );
    expect(sent).toEqual(expect.arrayContaining(SETTLEMENT_EVENT_TYPES));
  });

  function enumOf(schema: string, property: string | null): unknown {
    const schemas = (document.json() as { components: { schemas: Record<string, any> } }).components.schemas;
    const s = schemas[schema];
    return property === null ? s?.enum : s?.properties?.[property]?.enum;
  }

  it.each(CLOSED_LISTS)('%s %s is exactly the contract list', (schema, property, values) => {
    expect(enumOf(schema, property)).toEqual(values);
  });

  it("agrees with the code's lists", () => {
    expect(enumOf('ChargeRejectionReason', 'code')).toEqual([...CHARGE_REJECTION_CODES, ...PROPOSED_CODES]);
    expect(enumOf('Relationship', null)).toEqual([...RELATIONSHIPS]);
    expect(enumOf('ChargeItem', 'category')).toEqual([...ITEM_CATEGORIES]);
    expect([...(enumOf('BindingChangeData', 'reason') as string[])].sort()).toEqual(
      Object.values(BINDING_CHANGE_REASONS).sort(),
    );
  });

  it('documents the dead-letter headers on every .dlq channel', () => {
    const dlqs = document
      .channels()
      .all()
      .filter((c) => c.address()?.endsWith('.dlq'));
    expect(dlqs).toHaveLength(4);
    for (const channel of dlqs) {
      for (const message of channel.messages().all()) {
        expect(message.headers()?.required()).toEqual(DLQ_HEADERS);
      }
    }
  });
});
