/**
 * Generates a synthetic insured population, deterministic from a seed: families of employee- and
 * resident-insured members across Shaanxi, Shanxi, Tai'an and regions under the national rules,
 * their personal-account credits, reserves and limits, and the bindings each family would ask
 * for. Every binding is checked against the holder's region policy (the domain's own data and
 * rule function) as it would stand when the binding is created, so the plan is one the service
 * accepts request by request.
 */
import {
  BUILT_IN_POLICY_BOOK,
  chinaDate,
  checkBindingEligibility,
  resolvePolicyAt,
  type RegionPolicy,
  type Account,
  type Binding,
  type Person,
  type Relationship,
} from '@gongji/domain';
import { fullName, surname } from './names';
import type {
  FamilyRole,
  MerchantKind,
  Population,
  Sex,
  SimBinding,
  SimCredit,
  SimFamily,
  SimFundingOrder,
  SimMerchant,
  SimPerson,
} from './population-model';
import { Rng } from './prng';
import { ALL_REGIONS, GROUP_WEIGHTS, HOME_TOWN_REGIONS, REGIONS, provinceOf, regionsOf, type Region } from './regions';

export interface PopulationOptions {
  readonly seed: number;
  /** Persons wanted; whole families are generated until at least this many exist. */
  readonly size: number;
  /** Prefix of every identifier, so that runs never collide. */
  readonly runId: string;
  /** Reference time for fraud look-backs (a binding is checked as of this moment). */
  readonly now: Date;
  /** Multiplies account money (the bench uses rich accounts so they last for many charges). */
  readonly balanceScale?: number;
}

const DAY_MS = 86_400_000;

export function generatePopulation(opts: PopulationOptions): Population {
  if (!Number.isInteger(opts.size) || opts.size < 1) throw new RangeError('population size must be a positive integer');
  const root = new Rng(opts.seed);
  const ctx: GenContext = { opts, serial: 0, persons: [], families: [] };
  for (let f = 0; ctx.persons.length < opts.size; f++) {
    ctx.families.push(generateFamily(ctx, root.fork(`family:${f}`), f));
  }
  return {
    runId: opts.runId,
    seed: opts.seed,
    persons: ctx.persons,
    families: ctx.families,
    merchants: generateMerchants(opts.runId, root.fork('merchants')),
  };
}

interface GenContext {
  readonly opts: PopulationOptions;
  serial: number;
  readonly persons: SimPerson[];
  readonly families: SimFamily[];
}

interface MemberDraft {
  role: FamilyRole;
  sex: Sex;
  age: number;
  regionCode: string;
  employeeChance: number;
  familyName: string;
}

function generateFamily(ctx: GenContext, rng: Rng, index: number): SimFamily {
  const familyId = `${ctx.opts.runId}-F${String(index).padStart(6, '0')}`;
  const group = rng.weighted(GROUP_WEIGHTS);
  const region = rng.pick(regionsOf(group));
  const drafts = familyMembers(rng, region);
  const drafted = drafts.map((d) => makePerson(ctx, rng, familyId, d));
  const bindings = planBindings(rng, familyId, drafted, ctx.opts.now);
  // Where the region provides it (Tai'an), some holders also set one limit for all relatives.
  const holders = new Set(bindings.map((b) => b.holderId));
  const members = drafted.map((p) =>
    holders.has(p.personId) && policyOn(p.regionCode, ctx.opts.now).relativesMonthlyLimitAllowed && rng.chance(0.4)
      ? { ...p, relativesMonthlyLimitFen: rng.pick([100_000, 150_000, 200_000, 300_000]) }
      : p,
  );
  ctx.persons.push(...members);
  return {
    familyId,
    regionCode: region.code,
    memberIds: members.map((m) => m.personId),
    bindings,
    fundingOrders: planFundingOrders(rng, bindings),
  };
}

function familyMembers(rng: Rng, region: Region): MemberDraft[] {
  const headSex: Sex = rng.chance(0.5) ? 'M' : 'F';
  const headName = surname(rng);
  const headAge = rng.int(26, 58);
  const here = region.code;
  const out: MemberDraft[] = [
    { role: 'HEAD', sex: headSex, age: headAge, regionCode: here, employeeChance: 0.88, familyName: headName },
  ];
  const hasSpouse = rng.chance(0.75);
  const spouseName = surname(rng);
  if (hasSpouse) {
    out.push({
      role: 'SPOUSE',
      sex: headSex === 'M' ? 'F' : 'M',
      age: Math.max(22, headAge + rng.int(-5, 5)),
      regionCode: here,
      employeeChance: 0.62,
      familyName: spouseName,
    });
  }
  const childFamilyName = headSex === 'M' || !hasSpouse ? headName : spouseName;
  const children = headAge < 32 ? rng.int(0, 1) : rng.int(1, 2);
  for (let i = 0; i < children; i++) {
    const age = Math.max(0, headAge - rng.int(24, 34));
    out.push({
      role: 'CHILD',
      sex: rng.chance(0.5) ? 'M' : 'F',
      age,
      regionCode: here,
      // Children are resident-insured; grown-up children working are employees.
      employeeChance: age >= 22 ? 0.7 : 0,
      familyName: childFamilyName,
    });
  }
  const parentsRegion = awayFromHome(rng, region);
  const parentChance = headAge < 55 ? 0.6 : 0.35;
  const parentAge = headAge + rng.int(24, 32);
  if (rng.chance(parentChance)) {
    out.push({
      role: 'FATHER',
      sex: 'M',
      age: parentAge,
      regionCode: parentsRegion,
      employeeChance: 0.45,
      familyName: headName,
    });
  }
  if (rng.chance(parentChance)) {
    out.push({
      role: 'MOTHER',
      sex: 'F',
      age: parentAge - rng.int(0, 3),
      regionCode: parentsRegion,
      employeeChance: 0.35,
      familyName: surname(rng),
    });
  }
  if (hasSpouse) {
    const inLawsRegion = awayFromHome(rng, region);
    const inLawAge = headAge + rng.int(22, 32);
    if (rng.chance(0.4)) {
      out.push({
        role: 'FATHER_IN_LAW',
        sex: 'M',
        age: inLawAge,
        regionCode: inLawsRegion,
        employeeChance: 0.4,
        familyName: spouseName,
      });
    }
    if (rng.chance(0.4)) {
      out.push({
        role: 'MOTHER_IN_LAW',
        sex: 'F',
        age: inLawAge - rng.int(0, 3),
        regionCode: inLawsRegion,
        employeeChance: 0.3,
        familyName: surname(rng),
      });
    }
  }
  if (headAge < 36 && rng.chance(0.25)) {
    out.push({
      role: 'GRANDPARENT',
      sex: rng.chance(0.4) ? 'M' : 'F',
      age: rng.int(78, 92),
      regionCode: here,
      employeeChance: 0.1,
      familyName: headName,
    });
  }
  if (rng.chance(0.15)) {
    out.push({
      role: 'SIBLING',
      sex: rng.chance(0.5) ? 'M' : 'F',
      age: Math.max(18, headAge + rng.int(-6, 6)),
      regionCode: here,
      employeeChance: 0.5,
      familyName: headName,
    });
  }
  return out;
}

/** Elderly relatives are sometimes insured back in their home town, in another province. */
function awayFromHome(rng: Rng, region: Region): string {
  if (!rng.chance(0.12)) return region.code;
  const elsewhere = HOME_TOWN_REGIONS.filter((r) => provinceOf(r.code) !== provinceOf(region.code));
  return rng.pick(elsewhere).code;
}

function makePerson(ctx: GenContext, rng: Rng, familyId: string, d: MemberDraft): SimPerson {
  ctx.serial++;
  const personId = `${ctx.opts.runId}-${d.regionCode}${String(ctx.serial).padStart(6, '0')}`;
  const employee = rng.chance(d.employeeChance);
  const roll = rng.float();
  const enrollmentStatus = roll < 0.01 ? 'SUSPENDED' : roll < 0.015 ? 'TERMINATED' : 'ACTIVE';
  let fraudRecordAt: string | null = null;
  if (employee && rng.chance(0.03)) {
    // Half of the records are recent (inside Shaanxi's 2-year look-back), half long ago.
    const daysAgo = rng.chance(0.5) ? rng.int(30, 600) : rng.int(4 * 365, 10 * 365);
    fraudRecordAt = chinaDateOf(new Date(ctx.opts.now.getTime() - daysAgo * DAY_MS));
  }
  const scale = ctx.opts.balanceScale ?? 1;
  const credits: SimCredit[] = [];
  let reserveFen: number | null = null;
  if (employee) {
    const retired = d.age >= 60;
    // Balance carried over from earlier years, then this year's monthly contributions.
    credits.push({
      creditId: `${personId}-C1`,
      amountFen: Math.round(rng.logInt(20_000, 1_500_000) * scale),
      reason: 'ADJUSTMENT',
    });
    const months = rng.int(1, 3);
    for (let m = 0; m < months; m++) {
      credits.push({
        creditId: `${personId}-C${m + 2}`,
        amountFen: Math.round((retired ? rng.int(8_000, 30_000) : rng.int(10_000, 60_000)) * scale),
        reason: 'MONTHLY_CONTRIBUTION',
      });
    }
    const balance = credits.reduce((s, c) => s + c.amountFen, 0);
    const policy = policyOn(d.regionCode, ctx.opts.now);
    // Shaanxi advises keeping 20% of the balance as an emergency reserve; some elsewhere do too.
    if (policy.approvalAboveLimit ? rng.chance(0.5) : rng.chance(0.15)) {
      reserveFen = policy.approvalAboveLimit ? Math.floor(balance / 500) * 100 : rng.int(1, 10) * 10_000;
    }
  }
  return {
    personId,
    name: fullName(rng, d.familyName, d.sex),
    sex: d.sex,
    age: d.age,
    familyId,
    role: d.role,
    regionCode: d.regionCode,
    insuranceType: employee ? 'EMPLOYEE' : 'RESIDENT',
    enrollmentStatus,
    fraudRecordAt,
    credits,
    reserveFen,
    relativesMonthlyLimitFen: null,
    visitWeight: d.age >= 60 ? 2.2 : d.age < 14 ? 1.4 : 1,
  };
}

/**
 * What `beneficiary` is to `holder` (the binding's relationship), from their roles in the family;
 * null when they are not near relatives the contract names (e.g. parents-in-law).
 */
export function relationshipBetween(holder: SimPerson, beneficiary: SimPerson): Relationship | null {
  const parent: Relationship = beneficiary.sex === 'M' ? 'FATHER' : 'MOTHER';
  const table: Record<FamilyRole, Partial<Record<FamilyRole, Relationship>>> = {
    HEAD: {
      SPOUSE: 'SPOUSE',
      CHILD: 'CHILD',
      FATHER: 'FATHER',
      MOTHER: 'MOTHER',
      GRANDPARENT: 'GRANDPARENT',
      SIBLING: 'SIBLING',
    },
    SPOUSE: { HEAD: 'SPOUSE', CHILD: 'CHILD', FATHER_IN_LAW: 'FATHER', MOTHER_IN_LAW: 'MOTHER' },
    CHILD: {
      HEAD: parent,
      SPOUSE: parent,
      CHILD: 'SIBLING',
      FATHER: 'GRANDPARENT',
      MOTHER: 'GRANDPARENT',
      FATHER_IN_LAW: 'GRANDPARENT',
      MOTHER_IN_LAW: 'GRANDPARENT',
    },
    FATHER: { HEAD: 'CHILD', SIBLING: 'CHILD', MOTHER: 'SPOUSE', CHILD: 'GRANDCHILD' },
    MOTHER: { HEAD: 'CHILD', SIBLING: 'CHILD', FATHER: 'SPOUSE', CHILD: 'GRANDCHILD' },
    FATHER_IN_LAW: { SPOUSE: 'CHILD', MOTHER_IN_LAW: 'SPOUSE', CHILD: 'GRANDCHILD' },
    MOTHER_IN_LAW: { SPOUSE: 'CHILD', FATHER_IN_LAW: 'SPOUSE', CHILD: 'GRANDCHILD' },
    SIBLING: { HEAD: 'SIBLING', FATHER: 'FATHER', MOTHER: 'MOTHER' },
    GRANDPARENT: { HEAD: 'GRANDCHILD', SIBLING: 'GRANDCHILD' },
  };
  return table[holder.role][beneficiary.role] ?? null;
}

/** How likely a family asks for a binding of this kind, and in which order (lower first). */
function bindingWish(holder: SimPerson, beneficiary: SimPerson, rel: Relationship): { chance: number; order: number } {
  const beneficiaryHasAccount = beneficiary.insuranceType === 'EMPLOYEE';
  switch (rel) {
    case 'SPOUSE':
      return { chance: beneficiaryHasAccount ? 0.3 : 0.85, order: 1 };
    case 'CHILD':
      return { chance: beneficiary.age < 22 ? 0.9 : 0.3, order: 2 };
    case 'FATHER':
    case 'MOTHER':
      return { chance: holder.role === 'CHILD' ? 0.4 : 0.75, order: 3 };
    case 'GRANDPARENT':
      return { chance: 0.5, order: 4 };
    case 'SIBLING':
      return { chance: 0.4, order: 5 };
    case 'GRANDCHILD':
      return { chance: 0.25, order: 6 };
  }
}

/**
 * The bindings a family asks for, in creation order, kept only where the holder's region policy
 * accepts them at that moment (checked with the domain's own rule function and policy table).
 */
function planBindings(rng: Rng, familyId: string, members: readonly SimPerson[], now: Date): SimBinding[] {
  const candidates: { holder: SimPerson; beneficiary: SimPerson; rel: Relationship; order: number; tie: number }[] = [];
  for (const holder of members) {
    if (holder.insuranceType !== 'EMPLOYEE') continue;
    for (const beneficiary of members) {
      if (beneficiary === holder) continue;
      const rel = relationshipBetween(holder, beneficiary);
      if (rel === null) continue;
      const wish = bindingWish(holder, beneficiary, rel);
      if (rng.chance(wish.chance)) candidates.push({ holder, beneficiary, rel, order: wish.order, tie: rng.float() });
    }
  }
  candidates.sort((a, b) => a.order - b.order || a.tie - b.tie);

  const accepted: Binding[] = [];
  const out: SimBinding[] = [];
  for (const c of candidates) {
    const policy = policyOn(c.holder.regionCode, now);
    const monthlyLimitFen = pickMonthlyLimit(rng, policy.monthlyLimitRangeFen);
    const live = (pred: (b: Binding) => boolean) => accepted.filter(pred);
    const verdict = checkBindingEligibility({
      holder: domainPerson(c.holder),
      holderAccount: domainAccount(c.holder),
      beneficiary: domainPerson(c.beneficiary),
      relationship: c.rel,
      monthlyLimitFen: monthlyLimitFen === null ? null : BigInt(monthlyLimitFen),
      holderBindings: live((b) => b.holderId === c.holder.personId),
      holderBindingsAsBeneficiary: live((b) => b.beneficiaryId === c.holder.personId),
      beneficiaryBindingsAsHolder: live((b) => b.holderId === c.beneficiary.personId),
      now,
      policies: BUILT_IN_POLICY_BOOK,
    });
    if (!verdict.ok) continue;
    const key = `${familyId}-B${out.length + 1}`;
    accepted.push({
      bindingId: key,
      holderId: c.holder.personId,
      beneficiaryId: c.beneficiary.personId,
      relationship: c.rel,
      monthlyLimitFen: monthlyLimitFen === null ? null : BigInt(monthlyLimitFen),
      status: 'ACTIVE',
    });
    out.push({
      key,
      holderId: c.holder.personId,
      beneficiaryId: c.beneficiary.personId,
      relationship: c.rel,
      monthlyLimitFen,
    });
  }
  return out;
}

/** Holders pick a round amount: inside the region's range where it sets one, else often no limit. */
function pickMonthlyLimit(rng: Rng, range: { minFen: bigint; maxFen: bigint } | null): number | null {
  const steps = [20_000, 30_000, 50_000, 80_000, 100_000, 150_000, 200_000, 300_000, 500_000];
  if (range === null) return rng.chance(0.5) ? null : rng.pick(steps);
  const inRange = steps.filter((s) => BigInt(s) >= range.minFen && BigInt(s) <= range.maxFen);
  return inRange.length ? rng.pick(inRange) : Number(range.minFen);
}

/** Beneficiaries with several holders choose who pays first (e.g. mother before father). */
function planFundingOrders(rng: Rng, bindings: readonly SimBinding[]): SimFundingOrder[] {
  const byBeneficiary = new Map<string, string[]>();
  for (const b of bindings) byBeneficiary.set(b.beneficiaryId, [...(byBeneficiary.get(b.beneficiaryId) ?? []), b.key]);
  const orders: SimFundingOrder[] = [];
  for (const [beneficiaryId, keys] of byBeneficiary) {
    if (keys.length > 1) orders.push({ beneficiaryId, bindingKeys: rng.shuffle(keys) });
  }
  return orders;
}

function domainPerson(p: SimPerson): Person {
  return {
    personId: p.personId,
    regionCode: p.regionCode,
    insuranceType: p.insuranceType,
    enrollmentStatus: p.enrollmentStatus,
    fraudRecordAt: p.fraudRecordAt,
  };
}

/** The holder's account as registered, as it stands when bindings are created: every credit paid in, the fixed reserve. */
export function domainAccount(p: SimPerson): Account | null {
  if (p.insuranceType !== 'EMPLOYEE') return null;
  return {
    accountId: p.personId,
    personId: p.personId,
    balanceFen: BigInt(p.credits.reduce((s, c) => s + c.amountFen, 0)),
    heldFen: 0n,
    reserveFen: BigInt(p.reserveFen ?? 0),
    relativesMonthlyLimitFen: null,
  };
}

/** The built-in policy of a region as it stands at `at` (the service's own data). */
function policyOn(regionCode: string, at: Date): RegionPolicy {
  return resolvePolicyAt(BUILT_IN_POLICY_BOOK, regionCode, chinaDate(at)).policy;
}

function chinaDateOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const BRANDS = ['老百姓', '益丰', '一心堂', '大参林', '国大', '同仁堂', '漱玉平民', '万民'];

/** Every region gets designated pharmacies, a clinic and a hospital; the main regions also a non-designated shop. */
function generateMerchants(runId: string, rng: Rng): SimMerchant[] {
  const out: SimMerchant[] = [];
  const add = (region: Region, kind: MerchantKind, n: number, name: string, designated: boolean) => {
    const letter = designated ? kind[0] : 'X';
    out.push({
      merchantId: `${runId}-${letter}${region.code}${String(n).padStart(2, '0')}`,
      name,
      kind,
      regionCode: region.code,
      designated,
      terminals: kind === 'PHARMACY' ? ['T01', 'T02'] : ['T01', 'T02', 'T03'],
    });
  };
  for (const region of ALL_REGIONS) {
    const brands = rng.shuffle(BRANDS);
    add(region, 'PHARMACY', 1, `${brands[0]}大药房(${region.name}店)`, true);
    add(region, 'PHARMACY', 2, `${brands[1]}大药房(${region.name}二店)`, true);
    add(region, 'CLINIC', 1, `${region.name}社区卫生服务中心`, true);
    if (REGIONS.includes(region)) {
      add(region, 'HOSPITAL', 1, `${region.name}人民医院`, true);
      add(region, 'PHARMACY', 9, `${region.name}便民百货药品柜`, false);
    }
  }
  return out;
}
