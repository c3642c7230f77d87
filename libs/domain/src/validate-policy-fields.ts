/**
 * Field-by-field checks of region policy data: for the HTTP layer to refuse a bad PUT body (400
 * naming each field), and for the book to refuse bad versions and incoherent merged policies
 * (faults). Every field is checked on its own; no rule spans two fields, so a merge of valid
 * fields over a full valid policy is always coherent.
 */
import { MAX_CONTRACT_FEN, fenToYuanString } from './money';
import { CONTRIBUTION_SCHEMES } from './model/contribution-scheme';
import { PAYABLE_CATEGORIES } from './model/item-category';
import { RELATIONSHIPS } from './model/relationship';
import { POLICY_SCOPES, type PolicyField, type RegionPolicy, type RegionPolicyOverride } from './region-policy';

export interface PolicyFieldProblem {
  /** The policy field (or, for versions, `regionCode`, `effectiveFrom`, `source`). */
  readonly field: string;
  readonly problem: string;
}

/** Longest fraud look-back a region may set: 100 years. */
export const MAX_FRAUD_LOOKBACK_MONTHS = 1200;
/** Largest "most beneficiaries per holder" a region may set. */
export const MAX_BENEFICIARIES_LIMIT = 1000;

type FieldCheck = (value: unknown) => string | null;

const relationshipList = listOf(RELATIONSHIPS);
const scope = oneOf(POLICY_SCOPES);

/** One check per field; a Record over every field, so a new field cannot go unchecked. */
const FIELD_CHECKS: Readonly<Record<PolicyField, FieldCheck>> = {
  allowedRelationships: relationshipList,
  scope,
  minHolderBalanceFen: fenFrom(0n),
  fraudLookbackMonths: integerIn(0, MAX_FRAUD_LOOKBACK_MONTHS),
  maxBeneficiaries: nullOr(integerIn(1, MAX_BENEFICIARIES_LIMIT)),
  singleBeneficiaryRelationships: relationshipList,
  exclusiveRoles: boolean,
  monthlyLimitRangeFen: nullOr(monthlyLimitRange),
  approvalAboveLimit: boolean,
  relativesMonthlyLimitAllowed: boolean,
  relativesPayInpatient: boolean,
  payableCategories: listOf(PAYABLE_CATEGORIES),
  catalogueOnly: boolean,
  contributionSchemes: listOf(CONTRIBUTION_SCHEMES),
  contributionScope: scope,
  suggestedReserveRatioPercent: nullOr(integerIn(0, 100)),
};

/** Every policy field, in a stable order. */
export const POLICY_FIELDS: readonly PolicyField[] = Object.keys(FIELD_CHECKS) as PolicyField[];

export function isPolicyField(name: string): name is PolicyField {
  return Object.prototype.hasOwnProperty.call(FIELD_CHECKS, name);
}

/**
 * Problems with some policy fields (a version's overrides, or a whole policy), one per bad or
 * unknown field; empty when every field present is valid. A field set to `undefined` counts as
 * absent. Values are checked at run time, whatever their static type says.
 */
export function validatePolicyFields(fields: RegionPolicyOverride): PolicyFieldProblem[] {
  const problems: PolicyFieldProblem[] = [];
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return [{ field: 'fields', problem: 'must be an object of policy fields' }];
  }
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!isPolicyField(field)) {
      problems.push({ field, problem: 'is not a region policy field' });
      continue;
    }
    const problem = FIELD_CHECKS[field](value);
    if (problem !== null) problems.push({ field, problem });
  }
  return problems;
}

/** Fields a full policy must have and `fields` lacks. */
export function missingPolicyFields(fields: RegionPolicyOverride): PolicyField[] {
  return POLICY_FIELDS.filter((field) => fields[field] === undefined);
}

/** Fault guard on a merged policy: every field present and valid. */
export function assertCoherentPolicy(policy: RegionPolicy, where: string): void {
  const problems = [
    ...missingPolicyFields(policy).map((field) => ({ field, problem: 'is missing' })),
    ...validatePolicyFields(policy),
  ];
  if (problems.length > 0) throw new RangeError(`${where}: incoherent policy: ${describeProblems(problems)}`);
}

/** "field: problem; field: problem", for fault messages. */
export function describeProblems(problems: readonly PolicyFieldProblem[]): string {
  return problems.map((p) => `${p.field} ${p.problem}`).join('; ');
}

// ---- checks ----

function boolean(value: unknown): string | null {
  return typeof value === 'boolean' ? null : 'must be true or false';
}

function oneOf(values: readonly string[]): FieldCheck {
  return (value) =>
    typeof value === 'string' && values.includes(value) ? null : `must be one of ${values.join(', ')}`;
}

function listOf(values: readonly string[]): FieldCheck {
  return (value) => {
    const expected = `must be a list of ${values.join(', ')}`;
    if (!Array.isArray(value)) return expected;
    const unknown = value.filter((v) => typeof v !== 'string' || !values.includes(v));
    if (unknown.length > 0) return `${expected}; ${JSON.stringify(unknown[0])} is not one of them`;
    const twice = value.find((v, i) => value.indexOf(v) !== i);
    return twice === undefined ? null : `lists ${String(twice)} more than once`;
  };
}

function integerIn(min: number, max: number): FieldCheck {
  return (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? null
      : `must be an integer from ${min} to ${max}`;
}

function fenFrom(min: bigint): FieldCheck {
  return (value) =>
    typeof value === 'bigint' && value >= min && value <= MAX_CONTRACT_FEN
      ? null
      : `must be an amount in fen from ${min} to 10^12`;
}

function nullOr(check: FieldCheck): FieldCheck {
  return (value) => {
    if (value === null) return null;
    const problem = check(value);
    // "must be X" widens to "must be null or X"; a problem with a value of the right shape stays as is.
    return problem === null || !problem.startsWith('must be ') ? problem : `must be null or ${problem.slice(8)}`;
  };
}

function monthlyLimitRange(value: unknown): string | null {
  const shape = 'must be {minFen, maxFen}: amounts in fen with 1 <= minFen <= maxFen <= 10^12';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return shape;
  const keys = Object.keys(value).sort();
  if (keys.length !== 2 || keys[0] !== 'maxFen' || keys[1] !== 'minFen') return shape;
  const { minFen, maxFen } = value as { minFen: unknown; maxFen: unknown };
  if (typeof minFen !== 'bigint' || typeof maxFen !== 'bigint') return shape;
  if (minFen < 1n || maxFen > MAX_CONTRACT_FEN) return shape;
  if (minFen > maxFen) {
    return `has minFen ${fenToYuanString(minFen)} yuan above maxFen ${fenToYuanString(maxFen)} yuan`;
  }
  return null;
}
