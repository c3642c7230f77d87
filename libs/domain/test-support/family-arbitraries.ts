/** fast-check generators for random families, accounts, limits, usage and charges. */
import fc from 'fast-check';
import type {
  Account,
  Binding,
  ChargeItem,
  DecideChargeInput,
  EnrollmentStatus,
  FundingSource,
  InsuranceType,
  ItemCategory,
  Person,
} from '@gongji/domain';
import { BUILT_IN_POLICY_BOOK, ITEM_CATEGORIES, RELATIONSHIPS } from '@gongji/domain';
import { REGION } from './fixtures';

export const PATIENT_ID = 'patient';
const REGIONS = Object.values(REGION);

const fen = (max: bigint) => fc.bigInt({ min: 0n, max });
/** Small amounts so balances, limits and charges collide often. */
const smallFen = fc.oneof({ arbitrary: fc.constant(0n), weight: 1 }, { arbitrary: fen(30_000n), weight: 6 });

const enrollment: fc.Arbitrary<EnrollmentStatus> = fc.oneof(
  { arbitrary: fc.constant('ACTIVE' as const), weight: 12 },
  { arbitrary: fc.constantFrom('SUSPENDED' as const, 'TERMINATED' as const), weight: 1 },
);
const insurance: fc.Arbitrary<InsuranceType> = fc.oneof(
  { arbitrary: fc.constant('EMPLOYEE' as const), weight: 3 },
  { arbitrary: fc.constant('RESIDENT' as const), weight: 1 },
);

function personArb(personId: string, insuranceType: fc.Arbitrary<InsuranceType>): fc.Arbitrary<Person> {
  return fc.record({
    personId: fc.constant(personId),
    regionCode: fc.constantFrom(...REGIONS),
    insuranceType,
    enrollmentStatus: enrollment,
    fraudRecordAt: fc.constant(null),
  });
}

function accountArb(personId: string): fc.Arbitrary<Account> {
  return fc.record({
    accountId: fc.constant(`ACC-${personId}`),
    personId: fc.constant(personId),
    balanceFen: smallFen,
    heldFen: fc.oneof({ arbitrary: fc.constant(0n), weight: 2 }, { arbitrary: fen(12_000n), weight: 1 }),
    reserveFen: fc.oneof({ arbitrary: fc.constant(0n), weight: 2 }, { arbitrary: fen(15_000n), weight: 1 }),
    reserveRatioPercent: fc.oneof(
      { arbitrary: fc.constant(null), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 1 },
      { arbitrary: fc.constantFrom(20, 100), weight: 1 },
    ),
    relativesMonthlyLimitFen: fc.option(smallFen, { nil: null }),
  });
}

function sourceArb(holderId: string): fc.Arbitrary<FundingSource> {
  return fc
    .record({
      holder: personArb(
        holderId,
        fc.oneof(
          { arbitrary: fc.constant('EMPLOYEE' as const), weight: 10 },
          { arbitrary: fc.constant('RESIDENT' as const), weight: 1 },
        ),
      ),
      holderAccount: accountArb(holderId),
      relationship: fc.constantFrom(...RELATIONSHIPS),
      status: fc.oneof(
        { arbitrary: fc.constant('ACTIVE' as const), weight: 8 },
        { arbitrary: fc.constantFrom('SUSPENDED' as const, 'REVOKED' as const), weight: 1 },
      ),
      monthlyLimitFen: fc.option(smallFen, { nil: null, freq: 3 }),
      bindingUsedThisMonthFen: fc.oneof(
        { arbitrary: fc.constant(0n), weight: 1 },
        { arbitrary: fen(25_000n), weight: 2 },
      ),
      otherRelativesUsedFen: fc.oneof(
        { arbitrary: fc.constant(0n), weight: 1 },
        { arbitrary: fen(20_000n), weight: 1 },
      ),
    })
    .map(
      ({
        holder,
        holderAccount,
        relationship,
        status,
        monthlyLimitFen,
        bindingUsedThisMonthFen,
        otherRelativesUsedFen,
      }) => {
        const binding: Binding = {
          bindingId: `B-${holderId}`,
          holderId,
          beneficiaryId: PATIENT_ID,
          relationship,
          monthlyLimitFen,
          status,
        };
        return {
          binding,
          holder,
          holderAccount,
          bindingUsedThisMonthFen,
          holderRelativesUsedThisMonthFen: bindingUsedThisMonthFen + otherRelativesUsedFen,
        };
      },
    );
}

const categoryArb: fc.Arbitrary<ItemCategory> = fc.oneof(
  { arbitrary: fc.constantFrom('DRUG' as const, 'INPATIENT_SERVICE' as const), weight: 4 },
  { arbitrary: fc.constantFrom(...ITEM_CATEGORIES), weight: 5 },
);

const itemArb = (lineId: number): fc.Arbitrary<ChargeItem> =>
  fc
    .record({
      category: categoryArb,
      inCatalog: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
      a: fen(20_000n),
      b: fen(20_000n),
      fundless: fc.boolean(),
    })
    .map(({ category, inCatalog, a, b, fundless }) => ({
      lineId: String(lineId),
      code: `CODE-${lineId}`,
      name: `item ${lineId}`,
      category,
      inCatalog,
      amountFen: a > b ? a : b,
      fundPaidFen: fundless ? 0n : a > b ? b : a,
    }));

/** A charge by the patient at a designated merchant, with up to 4 funding sources in payment order. */
export const scenarioArb: fc.Arbitrary<DecideChargeInput> = fc
  .record({
    patient: personArb(PATIENT_ID, insurance),
    patientAccount: fc.option(accountArb(PATIENT_ID), { nil: null, freq: 5 }),
    sourceCount: fc.integer({ min: 0, max: 4 }),
    items: fc
      .integer({ min: 1, max: 6 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => itemArb(i + 1)))),
    now: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
    ageS: fc.integer({ min: 0, max: 3_600 }),
  })
  .chain((base) =>
    fc.tuple(...Array.from({ length: base.sourceCount }, (_, i) => sourceArb(`holder-${i}`))).map((fundingSources) => {
      const items = base.items as ChargeItem[];
      const input: DecideChargeInput = {
        charge: {
          chargeId: 'M1:T1:1',
          merchantId: 'M1',
          terminalId: 'T1',
          patientId: PATIENT_ID,
          credential: { kind: 'INSURANCE_CARD', personId: PATIENT_ID },
          occurredAt: new Date(base.now.getTime() - base.ageS * 1000),
          items,
          totalFen: items.reduce((sum, i) => sum + i.amountFen, 0n),
        },
        merchant: { merchantId: 'M1', kind: 'PHARMACY', regionCode: '610102', designated: true },
        patient: base.patient,
        patientAccount: base.patientAccount,
        fundingSources,
        now: base.now,
        policies: BUILT_IN_POLICY_BOOK,
      };
      return input;
    }),
  );
