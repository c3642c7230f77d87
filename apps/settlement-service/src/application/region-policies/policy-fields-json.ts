import {
  isPolicyField,
  validatePolicyFields,
  type PolicyFieldProblem,
  type RegionPolicy,
  type RegionPolicyOverride,
} from '@gongji/domain';

/**
 * A region policy version's fields as the contract names them (1.1 §4) and as they are stored:
 * JSON with fen as integers and the monthly limit range as `{min, max}`; inside, fen are bigint
 * and the range is `{minFen, maxFen}`. Both directions check every field (domain rules).
 */
export type PolicyFieldsJson = Record<string, unknown>;

export function policyFieldsFromJson(
  json: unknown,
): { ok: true; fields: RegionPolicyOverride } | { ok: false; problems: PolicyFieldProblem[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [{ field: '(body)', problem: 'must be a JSON object of policy fields' }] };
  }
  const problems: PolicyFieldProblem[] = [];
  const fields: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(json)) {
    if (!isPolicyField(field)) {
      problems.push({ field, problem: 'is not a region policy field' });
      continue;
    }
    const converted = fromJsonValue(field, value);
    if ('problem' in converted) problems.push({ field, problem: converted.problem });
    else fields[field] = converted.value;
  }
  problems.push(
    ...validatePolicyFields(fields as RegionPolicyOverride).filter((p) => !problems.some((q) => q.field === p.field)),
  );
  return problems.length ? { ok: false, problems } : { ok: true, fields: fields as RegionPolicyOverride };
}

export function policyFieldsToJson(fields: RegionPolicyOverride | RegionPolicy): PolicyFieldsJson {
  const out: PolicyFieldsJson = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'bigint') out[field] = Number(value);
    else if (field === 'monthlyLimitRangeFen' && value !== null) {
      const range = value as { minFen: bigint; maxFen: bigint };
      out[field] = { min: Number(range.minFen), max: Number(range.maxFen) };
    } else out[field] = value;
  }
  return out;
}

const FEN_FIELDS = new Set(['minHolderBalanceFen']);

function fromJsonValue(field: string, value: unknown): { value: unknown } | { problem: string } {
  if (FEN_FIELDS.has(field)) return fen(value);
  if (field === 'monthlyLimitRangeFen') {
    if (value === null) return { value: null };
    if (typeof value !== 'object' || Array.isArray(value)) return { problem: 'must be {min, max} in fen, or null' };
    const { min, max, ...rest } = value as Record<string, unknown>;
    if (Object.keys(rest).length) return { problem: `has unknown keys: ${Object.keys(rest).join(', ')}` };
    const lo = fen(min);
    const hi = fen(max);
    if ('problem' in lo) return { problem: `min ${lo.problem}` };
    if ('problem' in hi) return { problem: `max ${hi.problem}` };
    return { value: { minFen: lo.value, maxFen: hi.value } };
  }
  return { value };
}

/** An integer number of fen as JSON has it (at most 2^53), as bigint. */
function fen(value: unknown): { value: bigint } | { problem: string } {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return { problem: 'must be an integer number of fen' };
  return { value: BigInt(value) };
}
