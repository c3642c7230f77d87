/** Builders for domain tests: plain objects with sensible defaults, overridable per field. */
import type {
  Account,
  Binding,
  Charge,
  ChargeItem,
  FundingSource,
  Merchant,
  Person,
  Relationship,
} from '@gongji/domain';

/** 2026-11-22 09:30 in UTC+8. */
export const NOW = new Date('2026-11-22T09:30:00+08:00');

/** Insured regions used in tests, by their policy. */
export const REGION = {
  beijing: '110101', // national default
  jinan: '370102', // Shandong outside Tai'an: national default
  xian: '610102', // Shaanxi
  xianyang: '610402', // Shaanxi
  taiyuan: '140105', // Shanxi, Taiyuan (all near relatives from 2026-02-06, seed 004)
  datong: '140202', // Shanxi outside Taiyuan: spouse, parents, children
  taian: '370902', // Tai'an, Shandong
} as const;

export function person(personId: string, fields: Partial<Person> = {}): Person {
  return {
    personId,
    regionCode: REGION.beijing,
    insuranceType: 'EMPLOYEE',
    enrollmentStatus: 'ACTIVE',
    fraudRecordAt: null,
    ...fields,
  };
}

export function account(personId: string, balanceFen: bigint, fields: Partial<Account> = {}): Account {
  return {
    accountId: `ACC-${personId}`,
    personId,
    balanceFen,
    heldFen: 0n,
    reserveFen: 0n,
    relativesMonthlyLimitFen: null,
    ...fields,
  };
}

export function merchant(fields: Partial<Merchant> = {}): Merchant {
  return { merchantId: 'P6101130042', kind: 'PHARMACY', regionCode: REGION.xian, designated: true, ...fields };
}

let lineCounter = 0;
export function item(fields: Partial<ChargeItem> = {}): ChargeItem {
  lineCounter += 1;
  return {
    lineId: String(lineCounter),
    code: 'XJ01CAA040A001010100954',
    name: 'amoxicillin capsules',
    category: 'DRUG',
    inCatalog: true,
    amountFen: 3560n,
    fundPaidFen: 0n,
    ...fields,
  };
}

export function charge(patientId: string, items: readonly ChargeItem[], fields: Partial<Charge> = {}): Charge {
  return {
    chargeId: 'P6101130042:T01:000123',
    merchantId: 'P6101130042',
    terminalId: 'T01',
    patientId,
    credential: { kind: 'INSURANCE_CARD', personId: patientId },
    occurredAt: new Date(NOW.getTime() - 60_000),
    items,
    totalFen: items.reduce((sum, i) => sum + i.amountFen, 0n),
    ...fields,
  };
}

export function binding(
  holderId: string,
  beneficiaryId: string,
  relationship: Relationship,
  fields: Partial<Binding> = {},
): Binding {
  return {
    bindingId: `B-${holderId}-${beneficiaryId}`,
    holderId,
    beneficiaryId,
    relationship,
    monthlyLimitFen: null,
    status: 'ACTIVE',
    ...fields,
  };
}

export interface SourceSpec {
  readonly holder: Person;
  readonly balanceFen: bigint;
  readonly relationship?: Relationship;
  readonly account?: Partial<Account>;
  readonly binding?: Partial<Binding>;
  readonly bindingUsedThisMonthFen?: bigint;
  readonly holderRelativesUsedThisMonthFen?: bigint;
}

export function source(beneficiaryId: string, spec: SourceSpec): FundingSource {
  const used = spec.bindingUsedThisMonthFen ?? 0n;
  return {
    binding: binding(spec.holder.personId, beneficiaryId, spec.relationship ?? 'CHILD', spec.binding),
    holder: spec.holder,
    holderAccount: account(spec.holder.personId, spec.balanceFen, spec.account),
    bindingUsedThisMonthFen: used,
    holderRelativesUsedThisMonthFen: spec.holderRelativesUsedThisMonthFen ?? used,
  };
}
