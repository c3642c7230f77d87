import fc from 'fast-check';

/**
 * Mutations of a valid JSON body, produced as text (so they can hold what JSON.stringify cannot
 * write: numbers past 2^53, keys like `__proto__`, nesting thousands deep). Each mutated body
 * says whether its id field is still the usable id it started with.
 */
export interface MutatedBody {
  text: string;
  /** What was done, for a failure message. */
  what: string;
  /** False when the id field was removed or replaced (the message cannot be answered by id). */
  keepsId: boolean;
}

const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;

/** Raw JSON values that sit on or past some rule: types, sizes, numbers, Unicode, nesting. */
const NASTY_VALUES: readonly string[] = [
  'null',
  'true',
  'false',
  '0',
  '-1',
  '-0',
  '1.5',
  '1e12',
  '1000000000001',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '1e400',
  '[]',
  '{}',
  '[1,2,3]',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  JSON.stringify('\ud800'),
  JSON.stringify('x\udc00y'),
  JSON.stringify('\u0000'),
  JSON.stringify('a\u0000b'),
  JSON.stringify('\u202eRTL\u202c'),
  JSON.stringify('zero\u200bwidth\u200d'),
  JSON.stringify('\ufeffBOM'),
  JSON.stringify('😀'.repeat(201)),
  JSON.stringify('药'.repeat(300)),
  JSON.stringify(''),
  JSON.stringify(' '),
  JSON.stringify('null'),
  JSON.stringify("'; DROP TABLE charges; --"),
  JSON.stringify('%00\\x00\\u0000'),
  JSON.stringify('2026-02-30T09:30:00+08:00'),
  JSON.stringify('2026-11-22T24:00:00+08:00'),
  JSON.stringify('x'.repeat(100_000)),
  `[${Array.from({ length: 5000 }, () => '1').join(',')}]`,
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
];

/** Raw JSON for an id field that no longer names anything. */
const UNUSABLE_IDS: readonly string[] = NASTY_VALUES.filter((v) => {
  try {
    const parsed = JSON.parse(v) as unknown;
    return !(typeof parsed === 'string' && IDENTIFIER.test(parsed));
  } catch {
    return true;
  }
});

const ODD_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\u0000',
  '\ud800',
  '\u202e',
  'k'.repeat(1000),
  '',
];

/** Whole bodies that are no object at all. */
const NOT_OBJECTS: readonly string[] = ['null', '[]', '"charge"', '42', '{', '{"a":1', '\u0000', ''];

type Path = (string | number)[];

/** Every place a value sits in `body` (not the root), ids included. */
function pathsOf(v: unknown, prefix: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(v)
    ? v.map((x, i) => [i, x])
    : Object.entries(v as Record<string, unknown>);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, [...prefix, k])]);
}

/** Objects in `body` (the root included), where a key can be added. */
function objectPathsOf(v: unknown, prefix: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [];
  const here = Array.isArray(v) ? [] : [prefix];
  const entries: [string | number, unknown][] = Array.isArray(v)
    ? v.map((x, i) => [i, x])
    : Object.entries(v as Record<string, unknown>);
  return [...here, ...entries.flatMap(([k, x]) => objectPathsOf(x, [...prefix, k]))];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The object or array holding `path`'s last step, or undefined when an earlier edit removed it. */
function parentOf(body: unknown, path: Path): Record<string | number, unknown> | undefined {
  let at = body as Record<string | number, unknown> | undefined;
  for (const k of path.slice(0, -1)) {
    const next = at?.[k];
    at = next !== null && typeof next === 'object' ? (next as Record<string | number, unknown>) : undefined;
  }
  return at;
}

type Edit =
  | { kind: 'replace'; path: Path; raw: string }
  | { kind: 'delete'; path: Path }
  | { kind: 'add'; path: Path; key: string; raw: string };

/** Applies the edits through placeholders, then writes the raw JSON where they stand. */
function render(body: Record<string, unknown>, edits: Edit[]): string {
  const copy = clone(body);
  const slots: [string, string][] = [];
  edits.forEach((e, i) => {
    const slot = `__FUZZ_SLOT_${i}__`;
    if (e.kind === 'delete') {
      const parent = parentOf(copy, e.path);
      const last = e.path[e.path.length - 1];
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else if (parent) delete parent[last];
    } else if (e.kind === 'replace') {
      const parent = parentOf(copy, e.path);
      if (!parent) return;
      parent[e.path[e.path.length - 1]] = slot;
      slots.push([JSON.stringify(slot), e.raw]);
    } else {
      let target = copy as Record<string, unknown> | undefined;
      for (const k of e.path) target = target?.[k] as Record<string, unknown> | undefined;
      if (target === null || typeof target !== 'object' || Array.isArray(target)) return;
      const keySlot = `__FUZZ_KEY_${i}__`;
      target[keySlot] = slot;
      slots.push([JSON.stringify(keySlot), JSON.stringify(e.key)], [JSON.stringify(slot), e.raw]);
    }
  });
  let text = JSON.stringify(copy);
  for (const [placeholder, raw] of slots) text = text.split(placeholder).join(raw);
  return text;
}

/**
 * Mutated versions of `body` (a valid one): one to three edits (a value replaced by a nasty
 * one, a field removed, an odd key added), or the id made unusable, or no object at all.
 */
export function mutatedBody(body: Record<string, unknown>, idField: string | null): fc.Arbitrary<MutatedBody> {
  const paths = pathsOf(body).filter((p) => !(p.length === 1 && p[0] === idField));
  const objects = objectPathsOf(body);
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('replace' as const),
        path: fc.constantFrom(...paths),
        raw: fc.constantFrom(...NASTY_VALUES),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...paths) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('add' as const),
        path: fc.constantFrom(...objects),
        key: fc.constantFrom(...ODD_KEYS),
        raw: fc.constantFrom(...NASTY_VALUES),
      }),
    },
  );
  const edited = fc
    .array(edit, { minLength: 1, maxLength: 3 })
    .map((edits): MutatedBody => ({ text: render(body, edits), what: describe(edits), keepsId: true }));
  const withoutId: fc.Arbitrary<MutatedBody> =
    idField === null
      ? edited
      : fc.oneof(
          fc.constant<MutatedBody>({
            text: render(body, [{ kind: 'delete', path: [idField] }]),
            what: `no ${idField}`,
            keepsId: false,
          }),
          fc.constantFrom(...UNUSABLE_IDS).map((raw) => ({
            text: render(body, [{ kind: 'replace', path: [idField], raw }]),
            what: `${idField} = ${raw.slice(0, 40)}`,
            keepsId: false,
          })),
        );
  const notObject = fc
    .constantFrom(...NOT_OBJECTS)
    .map((text) => ({ text, what: `body ${JSON.stringify(text)}`, keepsId: false }));
  return fc.oneof(
    { weight: 8, arbitrary: edited },
    { weight: 1, arbitrary: withoutId },
    { weight: 1, arbitrary: notObject },
  );
}

function describe(edits: Edit[]): string {
  return edits
    .map((e) => {
      const at = e.path.join('.') || '(root)';
      if (e.kind === 'delete') return `delete ${at}`;
      if (e.kind === 'replace') return `${at} = ${e.raw.slice(0, 40)}`;
      return `${at}[${JSON.stringify(e.key.slice(0, 20))}] = ${e.raw.slice(0, 40)}`;
    })
    .join('; ');
}

/** How many inputs a run tries per target: FUZZ_RUNS, small by default so CI stays under a minute. */
export function fuzzRuns(dflt: number): number {
  const n = Number(process.env.FUZZ_RUNS ?? dflt);
  return Number.isInteger(n) && n > 0 ? n : dflt;
}

/** The seed of this run (FUZZ_SEED to replay one), printed with every failure. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** `count` samples of `arb`, reproducible from FUZZ_SEED. */
export function samples<T>(arb: fc.Arbitrary<T>, count: number, salt: number): T[] {
  return fc.sample(arb, { numRuns: count, seed: FUZZ_SEED + salt });
}
