import fc from 'fast-check';
import { CREDENTIAL_KINDS, ITEM_CATEGORIES } from '@gongji/domain';
import { chargeIsSurelyValid } from './charge-fast-accept';
import { chargeSchemaProblems } from './decode-inbound-message';

const classValidatorAccepts = (raw: Record<string, unknown>): boolean => chargeSchemaProblems(raw).length === 0;

const id = fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);
const fen = fc.integer({ min: 0, max: 1_000_000_000 });
const validItem = fc.record({
  lineId: id,
  code: fc.string({ maxLength: 64 }),
  name: fc.string({ maxLength: 200, unit: 'grapheme' }).filter((s) => s.length <= 200),
  category: fc.constantFrom(...ITEM_CATEGORIES),
  inCatalog: fc.boolean(),
  amountFen: fen,
  fundPaidFen: fen,
});
const validCharge = fc.record({
  chargeId: id,
  merchantId: id,
  terminalId: id,
  patientId: id,
  credential: fc.record({ kind: fc.constantFrom(...CREDENTIAL_KINDS), personId: id }),
  occurredAt: fc.constantFrom(
    '2026-11-22T09:30:00+08:00',
    '2026-11-22T01:30:00.123Z',
    '2026-01-01T00:00:00.123456789-05:00',
  ),
  items: fc.array(validItem, { minLength: 1, maxLength: 5 }),
  totalFen: fen,
});

/** Values that sit at or across the edge of some rule. */
const edgeValue = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    true,
    'true',
    0,
    -1,
    1.5,
    -0,
    NaN,
    Infinity,
    1e12,
    1e12 + 1,
    2 ** 53,
    '12',
    '',
    'x'.repeat(64),
    'x'.repeat(65),
    'x'.repeat(200),
    'x'.repeat(201),
    '😀'.repeat(40),
    '😀'.repeat(120),
    'a b',
    'DRUG',
    'ID_CARD',
    '2026-11-22T09:30:00',
    '2026-13-45T09:30:00+08:00',
    [],
    {},
    [{}],
    new Array(201).fill(0),
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
);

/** A valid charge with one field somewhere (top level, credential or an item) replaced or removed. */
const mutatedCharge = fc
  .tuple(validCharge, fc.nat(), fc.nat(), edgeValue, fc.boolean())
  .map(([charge, where, which, value, remove]) => {
    const c = structuredClone(charge) as Record<string, unknown>;
    const targets: Record<string, unknown>[] = [
      c,
      c.credential as Record<string, unknown>,
      ...(c.items as Record<string, unknown>[]),
    ];
    const target = targets[where % targets.length];
    const keys = [...Object.keys(target), 'constructor', '__proto__', 'extra'];
    const key = keys[which % keys.length];
    if (remove) delete target[key];
    else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    return c;
  });

describe('chargeIsSurelyValid (the fast path before class-validator)', () => {
  it('accepts the valid charges class-validator accepts', () => {
    fc.assert(
      fc.property(validCharge, (c) => {
        expect(classValidatorAccepts(c)).toBe(true);
        expect(chargeIsSurelyValid(c)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts a charge class-validator rejects', () => {
    let rejectedByClassValidator = 0;
    fc.assert(
      fc.property(mutatedCharge, (c) => {
        const slow = classValidatorAccepts(c);
        if (!slow) rejectedByClassValidator++;
        if (chargeIsSurelyValid(c) && !slow) throw new Error(`accepted: ${JSON.stringify(c)}`);
      }),
      { numRuns: 3000 },
    );
    // The mutations must reach the rules, or the property above would prove nothing.
    expect(rejectedByClassValidator).toBeGreaterThan(1000);
  });
});
