import {
  contributionPaidEvent,
  contributionRefundedEvent,
  contributionRejectedEvent,
} from '../../apps/settlement-service/src/application/settlement/contribution-events';
import { createHash } from 'node:crypto';
import { bindingEvent } from '../../apps/settlement-service/src/application/bindings/binding-event';
import type { OutboxEvent } from '../../apps/settlement-service/src/application/events/outbox-event';
import {
  type ChargeReversedData,
  type ChargeSettledData,
  authorizationRequestedEvent,
  chargeRejectedEvent,
  chargeReversedEvent,
  chargeSettledEvent,
  eventIds,
  reversalRejectedEvent,
} from '../../apps/settlement-service/src/application/settlement/outcome-events';
import {
  type AsyncApiContract,
  SETTLEMENT_EVENTS_TOPIC,
  loadAsyncApiContract,
  validateInboundPayload,
  validateSettlementEvent,
} from '../support/asyncapi-schemas';

/**
 * The contract's examples and the service's real event builders against docs/asyncapi.yaml;
 * and cases the document must refuse.
 */

const AT = new Date('2026-11-22T01:30:01.250Z');
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

// CONTRACT.md's examples, verbatim (the AuthorizationDecision's elided "…" id filled in).
const CONTRACT_CHARGE = {
  chargeId: 'P6101130042:T01:000123',
  merchantId: 'P6101130042',
  terminalId: 'T01',
  patientId: '610100000001',
  credential: { kind: 'INSURANCE_CARD', personId: '610100000001' },
  occurredAt: '2026-11-22T09:30:00+08:00',
  items: [
    {
      lineId: '1',
      code: 'XJ01CAA040A001010100954',
      name: '阿莫西林胶囊',
      category: 'DRUG',
      inCatalog: true,
      amountFen: 3560,
      fundPaidFen: 0,
    },
  ],
  totalFen: 3560,
};
const CONTRACT_REVERSAL = {
  reversalId: 'P6101130042:T01:R000007',
  chargeId: 'P6101130042:T01:000123',
  merchantId: 'P6101130042',
  terminalId: 'T01',
  patientId: '610100000001',
  requestedAt: '2026-11-22T09:31:00+08:00',
  reason: 'TIMEOUT',
};
const CONTRACT_DECISION = {
  authorizationId: 'auth_7653f6e752e52b33d5a78296afbf6c7e',
  holderId: '610100000009',
  decision: 'APPROVE',
  decidedAt: '2026-11-22T09:30:40+08:00',
};

const CHARGES = 'pos.charges.v1';
const REVERSALS = 'pos.reversals.v1';
const DECISIONS = 'mutualaid.authorization-decisions.v1';

function settledData(overrides: Partial<ChargeSettledData> = {}): ChargeSettledData {
  return {
    chargeId: 'P6101130042:T01:000123',
    patientId: '610100000001',
    merchantId: 'P6101130042',
    terminalId: 'T01',
    settledAt: AT.toISOString(),
    amounts: {
      medfeeSumamtFen: 10_000n,
      fundPaySumamtFen: 2_000n,
      psnPartAmtFen: 8_000n,
      ineligibleFen: 500n,
      acctPayFen: 7_000n,
      acctMulaidPayFen: 4_000n,
      psnCashPayFen: 1_000n,
    },
    legs: [
      {
        accountId: '610100000001',
        holderId: '610100000001',
        relationship: 'SELF',
        amountFen: 3_000n,
        balanceAfterFen: 0n,
      },
      {
        accountId: '610100000009',
        holderId: '610100000009',
        relationship: 'SPOUSE',
        amountFen: 4_000n,
        balanceAfterFen: 96_000n,
      },
    ],
    balcFen: 0n,
    authorizationId: null,
    policyVersion: '00@2024-01-01+61@2024-01-01',
    ...overrides,
  };
}

function reversedData(overrides: Partial<ChargeReversedData> = {}): ChargeReversedData {
  return {
    chargeId: 'P6101130042:T01:000123',
    reversalId: 'P6101130042:T01:R000007',
    patientId: '610100000001',
    reversedAt: AT.toISOString(),
    reversedFen: 7_000n,
    legs: settledData().legs.map((l) => ({ ...l, balanceAfterFen: l.balanceAfterFen + l.amountFen })),
    originalStatus: 'SETTLED',
    ...overrides,
  };
}

/** One event of every outbound type (several shapes for some), built with the service's own builders. */
function builtEvents(): [string, OutboxEvent][] {
  const longId = 'P6101130042:T01:'.padEnd(64, '9');
  const rejected = (
    code: string,
    patientId: string | null = '610100000001',
    merchantId: string | null = 'P6101130042',
  ) => ({
    chargeId: 'P6101130042:T01:000124',
    patientId,
    merchantId,
    rejectedAt: AT.toISOString(),
    reason: { code, message: `refused: ${code}` },
  });
  const parties = {
    bindingId: 'bnd-3f1c9a52-3b7e-4f0e-9d4c-2a51b8e0c001',
    holderId: '610100000009',
    beneficiaryId: '610100000001',
  };
  return [
    ['charge.settled', chargeSettledEvent(settledData(), AT)],
    [
      'charge.settled after an approval, no own account',
      chargeSettledEvent(
        settledData({
          authorizationId: 'auth_7653f6e752e52b33d5a78296afbf6c7e',
          balcFen: null,
          amounts: {
            medfeeSumamtFen: 12_000n,
            fundPaySumamtFen: 0n,
            psnPartAmtFen: 12_000n,
            ineligibleFen: 0n,
            acctPayFen: 12_000n,
            acctMulaidPayFen: 12_000n,
            psnCashPayFen: 0n,
          },
          legs: [
            {
              accountId: '610100000009',
              holderId: '610100000009',
              relationship: 'FATHER',
              amountFen: 12_000n,
              balanceAfterFen: 0n,
            },
          ],
        }),
        AT,
      ),
    ],
    [
      'charge.settled, all cash, largest amounts',
      chargeSettledEvent(
        settledData({
          chargeId: longId,
          amounts: {
            medfeeSumamtFen: 1_000_000_000_000n,
            fundPaySumamtFen: 0n,
            psnPartAmtFen: 1_000_000_000_000n,
            ineligibleFen: 1_000_000_000_000n,
            acctPayFen: 0n,
            acctMulaidPayFen: 0n,
            psnCashPayFen: 1_000_000_000_000n,
          },
          legs: [],
          balcFen: 1_000_000_000_000n,
        }),
        AT,
      ),
    ],
    ['charge.rejected', chargeRejectedEvent(rejected('CREDENTIAL_MISMATCH'), AT)],
    [
      'charge.rejected INVALID_CHARGE without usable ids',
      chargeRejectedEvent(rejected('INVALID_CHARGE', null, null), AT),
    ],
    [
      'charge.rejected DUPLICATE_CONFLICT (64-character chargeId)',
      chargeRejectedEvent(
        { ...rejected('DUPLICATE_CONFLICT'), chargeId: longId },
        AT,
        eventIds.conflict(longId, hash('other content')),
      ),
    ],
    [
      'charge.authorization-requested',
      authorizationRequestedEvent(
        {
          chargeId: 'P6101130042:T01:000125',
          patientId: '610100000001',
          authorizationId: 'auth_7653f6e752e52b33d5a78296afbf6c7e',
          holderId: '610100000009',
          requestedFen: 12_000n,
          expiresAt: new Date(AT.getTime() + 120_000).toISOString(),
        },
        AT,
      ),
    ],
    ['charge.reversed SETTLED', chargeReversedEvent(reversedData(), AT)],
    [
      'charge.reversed NOT_RECEIVED',
      chargeReversedEvent(reversedData({ legs: [], reversedFen: 0n, originalStatus: 'NOT_RECEIVED' }), AT),
    ],
    [
      'charge.reversed PENDING_AUTHORIZATION',
      chargeReversedEvent(reversedData({ legs: [], reversedFen: 0n, originalStatus: 'PENDING_AUTHORIZATION' }), AT),
    ],
    [
      'reversal.rejected',
      reversalRejectedEvent(
        {
          reversalId: 'P6101130099:T01:R000001',
          chargeId: 'P6101130042:T01:000123',
          rejectedAt: AT.toISOString(),
          reason: { code: 'MERCHANT_MISMATCH', message: 'the charge was made at another merchant' },
        },
        '610100000001',
        AT,
      ),
    ],
    [
      'reversal.rejected without a usable chargeId',
      reversalRejectedEvent(
        {
          reversalId: 'P6101130042:T01:R000008',
          chargeId: null,
          rejectedAt: AT.toISOString(),
          reason: { code: 'INVALID_REVERSAL', message: 'chargeId: chargeId must match /^[A-Za-z0-9._:-]{1,64}$/' },
        },
        'P6101130042:T01:R000008',
        AT,
      ),
    ],
    [
      'reversal.rejected REVERSAL_CONFLICT',
      reversalRejectedEvent(
        {
          reversalId: longId,
          chargeId: 'P6101130042:T01:000123',
          rejectedAt: AT.toISOString(),
          reason: { code: 'REVERSAL_CONFLICT', message: 'reversalId was already used with other content' },
        },
        '610100000001',
        AT,
        eventIds.reversalConflict(longId, hash('other reversal')),
      ),
    ],
    ['binding.suspended', bindingEvent('binding.suspended', parties, 'ENROLLMENT_LAPSED', AT)],
    ['binding.resumed', bindingEvent('binding.resumed', parties, 'ENROLLMENT_RESTORED', AT)],
    ['binding.revoked by the holder', bindingEvent('binding.revoked', parties, 'REVOKED_BY_HOLDER', AT)],
    [
      'binding.revoked by the bureau',
      bindingEvent('binding.revoked', { ...parties, bindingId: `bnd-${'f'.repeat(60)}` }, 'REVOKED_BY_BUREAU', AT),
    ],
    [
      'contribution.paid',
      contributionPaidEvent(
        {
          contributionId: 'RM2027:140105000123:001',
          holderId: '140100000009',
          beneficiaryId: '140105000123',
          relationship: 'MOTHER',
          scheme: 'RESIDENT_MEDICAL',
          period: '2027',
          amountFen: 40_000n,
          payeeId: 'TAX-1401',
          balanceAfterFen: 160_000n,
          paidAt: AT.toISOString(),
          policyVersion: '00@2024-01-01+14@2024-01-01+1401@2026-02-06',
        },
        AT,
      ),
    ],
    [
      'contribution.rejected',
      contributionRejectedEvent(
        {
          contributionId: 'RM2027:140105000123:002',
          holderId: '140100000009',
          rejectedAt: AT.toISOString(),
          reason: { code: 'ALREADY_PAID', message: 'RESIDENT_MEDICAL for 2027 is already paid for this beneficiary' },
        },
        AT,
      ),
    ],
    [
      'contribution.refunded',
      contributionRefundedEvent(
        {
          contributionId: 'RM2027:140105000123:001',
          refundId: 'RF-001',
          amountFen: 40_000n,
          balanceAfterFen: 200_000n,
          refundedAt: AT.toISOString(),
        },
        '140100000009',
        AT,
      ),
    ],
  ];
}

/** A valid event of `type`, parsed, to spoil in one place. */
function parsedEvent(type: string): Record<string, any> {
  const built = builtEvents().find(([name]) => name === type);
  if (!built) throw new Error(`no built event named ${type}`);
  return JSON.parse(built[1].payload) as Record<string, any>;
}

describe('docs/asyncapi.yaml schemas', () => {
  let contract: AsyncApiContract;

  beforeAll(async () => {
    contract = await loadAsyncApiContract();
  });

  describe('inbound payloads', () => {
    it.each([
      [CHARGES, CONTRACT_CHARGE],
      [REVERSALS, CONTRACT_REVERSAL],
      [DECISIONS, CONTRACT_DECISION],
    ])('the contract example on %s is valid', (topic, payload) => {
      expect(validateInboundPayload(topic, payload)).toEqual([]);
    });

    it('accepts fields the contract does not name (terminals may add them)', () => {
      expect(validateInboundPayload(CHARGES, { ...CONTRACT_CHARGE, cashier: 'C7' })).toEqual([]);
    });

    it('accepts 200 items and every category and credential kind', () => {
      const categories = [
        'DRUG',
        'MEDICAL_DEVICE',
        'MEDICAL_CONSUMABLE',
        'OUTPATIENT_SERVICE',
        'INPATIENT_SERVICE',
        'HEALTH_SUPPLEMENT',
        'NON_MEDICAL',
      ];
      const items = Array.from({ length: 200 }, (_, i) => ({
        ...CONTRACT_CHARGE.items[0],
        lineId: String(i + 1),
        category: categories[i % categories.length],
      }));
      for (const kind of ['INSURANCE_CARD', 'E_VOUCHER', 'ID_CARD']) {
        const charge = {
          ...CONTRACT_CHARGE,
          credential: { kind, personId: '610100000001' },
          items,
          totalFen: 200 * 3560,
        };
        expect(validateInboundPayload(CHARGES, charge)).toEqual([]);
      }
    });

    it.each<[string, string, (p: Record<string, any>) => void]>([
      [CHARGES, 'no items', (p) => (p.items = [])],
      [CHARGES, '201 items', (p) => (p.items = Array.from({ length: 201 }, () => CONTRACT_CHARGE.items[0]))],
      [CHARGES, 'a fractional amount', (p) => (p.items = [{ ...CONTRACT_CHARGE.items[0], amountFen: 35.6 }])],
      [CHARGES, 'an amount as a string', (p) => (p.totalFen = '3560')],
      [CHARGES, 'an amount above 10^12', (p) => (p.totalFen = 1_000_000_000_001)],
      [CHARGES, 'a negative amount', (p) => (p.items = [{ ...CONTRACT_CHARGE.items[0], fundPaidFen: -1 }])],
      [CHARGES, 'an unknown category', (p) => (p.items = [{ ...CONTRACT_CHARGE.items[0], category: 'FOOD' }])],
      [CHARGES, 'an unknown credential kind', (p) => (p.credential = { kind: 'PASSPORT', personId: '610100000001' })],
      [CHARGES, 'a missing totalFen', (p) => delete p.totalFen],
      [CHARGES, 'a timestamp without an offset', (p) => (p.occurredAt = '2026-11-22T09:30:00')],
      [CHARGES, 'an identifier with a space', (p) => (p.merchantId = 'P610 1130042')],
      [CHARGES, 'a 65-character identifier', (p) => (p.chargeId = 'C'.repeat(65))],
      [CHARGES, 'a code longer than 64', (p) => (p.items = [{ ...CONTRACT_CHARGE.items[0], code: 'X'.repeat(65) }])],
      [REVERSALS, 'an unknown reason', (p) => (p.reason = 'CHANGED_MIND')],
      [REVERSALS, 'a missing chargeId', (p) => delete p.chargeId],
      [DECISIONS, 'an unknown decision', (p) => (p.decision = 'MAYBE')],
      [DECISIONS, 'the contract example as is (its "…" is no identifier)', (p) => (p.authorizationId = '…')],
    ])('%s refuses %s', (topic, _what, spoil) => {
      const base = topic === CHARGES ? CONTRACT_CHARGE : topic === REVERSALS ? CONTRACT_REVERSAL : CONTRACT_DECISION;
      const payload = structuredClone(base) as Record<string, any>;
      spoil(payload);
      expect(validateInboundPayload(topic, payload)).not.toEqual([]);
    });

    it('has no schema for a topic the service does not receive', () => {
      expect(() => validateInboundPayload(SETTLEMENT_EVENTS_TOPIC, {})).toThrow(/not a receive channel/);
    });
  });

  describe('the document examples', () => {
    it('carries an example for every inbound message and for most events', () => {
      expect(contract.examples.length).toBeGreaterThanOrEqual(9);
    });

    it('all validate against their own message', () => {
      for (const ex of contract.examples) {
        const problems =
          ex.topic === SETTLEMENT_EVENTS_TOPIC
            ? contract.validateSettlementEvent(ex.payload)
            : contract.validateInboundPayload(ex.topic, ex.payload);
        expect({ example: `${ex.topic} ${ex.message} ${ex.example}`, problems }).toEqual({
          example: `${ex.topic} ${ex.message} ${ex.example}`,
          problems: [],
        });
      }
    });
  });

  describe('events built by the service', () => {
    it('cover every documented event type', () => {
      const types = new Set(builtEvents().map(([, e]) => e.type));
      expect([...types].sort()).toEqual([...contract.settlementEventTypes].sort());
    });

    it.each(builtEvents())('%s is valid', (_name, event) => {
      expect(event.topic).toBe(SETTLEMENT_EVENTS_TOPIC);
      const parsed = JSON.parse(event.payload) as Record<string, any>;
      expect(parsed.type).toBe(event.type);
      expect(parsed.id).toBe(event.eventId);
      expect(validateSettlementEvent(parsed)).toEqual([]);
    });

    it('are keyed as the document says: patientId, holderId for bindings', () => {
      for (const [, event] of builtEvents()) {
        const { type, data } = JSON.parse(event.payload) as { type: string; data: Record<string, string | null> };
        // reversal.rejected: its caller passes the key (the reversal's patientId, else the reversalId).
        if (type === 'reversal.rejected') continue;
        const expected =
          type.startsWith('binding.') || type.startsWith('contribution.')
            ? (data.holderId ?? '140100000009')
            : type === 'charge.rejected'
              ? (data.patientId ?? data.chargeId)
              : data.patientId;
        expect(event.key).toBe(expected);
      }
    });

    it('accept the JSON text as well as the parsed event', () => {
      const [, event] = builtEvents()[0];
      expect(validateSettlementEvent(event.payload)).toEqual([]);
      expect(validateSettlementEvent(Buffer.from(event.payload))).toEqual([]);
    });
  });

  describe('refused events', () => {
    it.each<[string, string, (e: Record<string, any>) => void, RegExp]>([
      [
        'charge.settled',
        'a fractional amount',
        (e) => (e.data.amounts.medfeeSumamtFen = 10_000.5),
        /amounts\/medfeeSumamtFen must be integer/,
      ],
      [
        'charge.settled',
        'an amount as a string',
        (e) => (e.data.legs[0].amountFen = '3000'),
        /legs\/0\/amountFen must be integer/,
      ],
      [
        'charge.settled',
        'an amount above 10^12',
        (e) => (e.data.legs[1].balanceAfterFen = 1_000_000_000_001),
        /balanceAfterFen must be <= 1000000000000/,
      ],
      [
        'charge.settled',
        'a negative balance',
        (e) => (e.data.legs[0].balanceAfterFen = -1),
        /balanceAfterFen must be >= 0/,
      ],
      [
        'charge.settled',
        'a missing field',
        (e) => delete e.data.policyVersion,
        /must have required property 'policyVersion'/,
      ],
      ['charge.settled', 'a missing envelope field', (e) => delete e.time, /must have required property 'time'/],
      ['charge.settled', 'an extra data field', (e) => (e.data.bindingId = 'b1'), /additional property "bindingId"/],
      [
        'charge.settled',
        'an extra leg field',
        (e) => (e.data.legs[0].bindingId = null),
        /legs\/0 must NOT have the additional property "bindingId"/,
      ],
      [
        'charge.settled',
        'an unknown relationship',
        (e) => (e.data.legs[1].relationship = 'COUSIN'),
        /relationship must be one of SELF, SPOUSE/,
      ],
      [
        'charge.settled',
        'another source',
        (e) => (e.source = 'gongji/other'),
        /\/source must be "gongji\/settlement-service"/,
      ],
      ['charge.settled', 'another specversion', (e) => (e.specversion = '0.3'), /\/specversion must be "1.0"/],
      [
        'charge.settled',
        'another datacontenttype',
        (e) => (e.datacontenttype = 'text/plain'),
        /datacontenttype must be "application\/json"/,
      ],
      ['charge.settled', 'a time without an offset', (e) => (e.time = '2026-11-22T01:30:01'), /\/time must match/],
      [
        'charge.settled',
        'amounts that do not add up',
        (e) => (e.data.amounts.psnCashPayFen = 999),
        /psnPartAmtFen must equal acctPayFen \+ psnCashPayFen/,
      ],
      [
        'charge.settled',
        'acctPayFen not the sum of the legs',
        (e) => (e.data.legs[1].amountFen = 3_999),
        /acctPayFen must equal the sum of legs/,
      ],
      [
        'charge.settled',
        'a subject other than the chargeId',
        (e) => (e.subject = 'other'),
        /\/subject must be "P6101130042:T01:000123"/,
      ],
      [
        'charge.rejected',
        'an unknown reason code',
        (e) => (e.data.reason.code = 'INSUFFICIENT_FUNDS'),
        /\/data\/reason\/code must be one of INVALID_CHARGE/,
      ],
      [
        'charge.rejected',
        'a reversal code',
        (e) => (e.data.reason.code = 'MERCHANT_MISMATCH'),
        /reason\/code must be one of/,
      ],
      [
        'charge.rejected',
        'an empty message',
        (e) => (e.data.reason.message = ''),
        /reason\/message must NOT have fewer than 1 characters/,
      ],
      [
        'reversal.rejected',
        'a charge code',
        (e) => (e.data.reason.code = 'CHARGE_REVERSED'),
        /reason\/code must be one of INVALID_REVERSAL/,
      ],
      [
        'charge.reversed SETTLED',
        'an unknown originalStatus',
        (e) => (e.data.originalStatus = 'REJECTED'),
        /originalStatus must be one of/,
      ],
      [
        'charge.reversed SETTLED',
        'reversedFen not the sum of the legs',
        (e) => (e.data.reversedFen = 1),
        /reversedFen must equal the sum of legs/,
      ],
      [
        'charge.authorization-requested',
        'a fractional requestedFen',
        (e) => (e.data.requestedFen = 0.5),
        /requestedFen must be integer/,
      ],
      [
        'binding.suspended',
        'a missing beneficiaryId',
        (e) => delete e.data.beneficiaryId,
        /required property 'beneficiaryId'/,
      ],
      ['binding.suspended', 'a type/data mismatch', (e) => (e.type = 'charge.settled'), /required property/],
      [
        'binding.revoked by the holder',
        'an unknown reason',
        (e) => (e.data.reason = 'BORED'),
        /\/data\/reason must be one of/,
      ],
      [
        'binding.resumed',
        'an unknown type',
        (e) => (e.type = 'binding.created'),
        /\/type must be one of charge.settled/,
      ],
    ])('%s with %s', (name, _what, spoil, expected) => {
      const event = parsedEvent(name);
      spoil(event);
      const problems = validateSettlementEvent(event);
      expect(problems).not.toEqual([]);
      expect(problems.join('\n')).toMatch(expected);
    });

    it('refuses what is not an event', () => {
      expect(validateSettlementEvent(null)).toEqual(['/ must be a JSON object (a CloudEvents structured event)']);
      expect(validateSettlementEvent([])).toHaveLength(1);
      expect(validateSettlementEvent('{not json')).toEqual(['/ is not JSON']);
    });
  });
});
