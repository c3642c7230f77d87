import { Injectable } from '@nestjs/common';
import {
  checkPolicyVersion,
  chinaDate,
  makePolicyVersion,
  policyBook,
  versionProblems,
  type PolicyFieldProblem,
  type PolicyVersion,
} from '@gongji/domain';
import { PolicyVersionStore } from '../ports/policy-version-store';
import { PolicyBooks } from './policy-books.service';
import { policyFieldsFromJson } from './policy-fields-json';

export type PutVersionResult =
  | { kind: 'created' | 'replaced' | 'unchanged'; version: PolicyVersion }
  | { kind: 'invalid'; problems: PolicyFieldProblem[] }
  | { kind: 'in-force'; version: PolicyVersion };

/** Where a PUT came from, for the version's `source`. */
const PUT_SOURCE = 'PUT /v1/region-policies by the bureau';

/**
 * The bureau's maintenance of region policy versions (contract 1.1 §4). A version takes effect on
 * a date not in the past; one already in force (dated today or earlier) is never changed, so every
 * recorded `policyVersion` keeps naming the rules it was decided by. A future version may be
 * replaced until its day comes.
 */
@Injectable()
export class RegionPolicyVersions {
  constructor(
    private readonly store: PolicyVersionStore,
    private readonly books: PolicyBooks,
  ) {}

  async list(): Promise<readonly PolicyVersion[]> {
    return (await this.books.book()).versions;
  }

  async put(regionCode: string, effectiveFrom: string, body: unknown, now = new Date()): Promise<PutVersionResult> {
    const parsed = policyFieldsFromJson(body);
    if (!parsed.ok) return { kind: 'invalid', problems: parsed.problems };
    const candidate = { regionCode, effectiveFrom, source: PUT_SOURCE, fields: parsed.fields };
    const own = versionProblems(candidate);
    if (own.length) return { kind: 'invalid', problems: own };
    const today = chinaDate(now);
    if (effectiveFrom < today) {
      return {
        kind: 'invalid',
        problems: [{ field: 'effectiveFrom', problem: `must not be in the past (today is ${today}, UTC+8)` }],
      };
    }
    const result = await this.store.change<PutVersionResult>((current) => {
      const version = makePolicyVersion(candidate);
      const existing = current.find((v) => v.policyVersion === version.policyVersion);
      if (existing && sameFields(existing, version))
        return { write: null, result: { kind: 'unchanged', version: existing } };
      if (existing && existing.effectiveFrom <= today)
        return { write: null, result: { kind: 'in-force', version: existing } };
      const problems = checkPolicyVersion(policyBook(current), candidate, today);
      if (problems.length) return { write: null, result: { kind: 'invalid', problems } };
      return { write: version, result: { kind: existing ? 'replaced' : 'created', version } };
    });
    if (result.kind === 'created' || result.kind === 'replaced') await this.books.reload();
    return result;
  }
}

/** The same fields with the same values, whatever their order (jsonb keeps its own). */
function sameFields(a: PolicyVersion, b: PolicyVersion): boolean {
  return canonical(a.fields) === canonical(b.fields);
}

function canonical(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
