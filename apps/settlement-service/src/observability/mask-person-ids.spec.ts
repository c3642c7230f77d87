import { maskPersonIds } from './mask-person-ids';
import { pseudonymize } from './pseudonymize';

describe('maskPersonIds', () => {
  it('replaces person numbers and ID card numbers by their log tag', () => {
    const text = '{"patientId":"610100000001","credential":{"personId":"61010019800101123X"}}';
    const masked = maskPersonIds(text);
    expect(masked).not.toMatch(/610100000001|61010019800101123X/);
    expect(masked).toContain(pseudonymize('610100000001')!);
    expect(masked).toContain(pseudonymize('61010019800101123X')!);
  });

  it('replaces the value of a person field whatever it looks like', () => {
    const text = '{"holderId": "tmx-P-141", "beneficiaryId":"A\\"B", "payeeId":"x"}';
    const masked = maskPersonIds(text);
    for (const id of ['tmx-P-141', 'A\\"B']) expect(masked).toContain(pseudonymize(id)!);
    expect(masked).not.toMatch(/tmx-P-141|"x"/);
  });

  it('keeps merchant ids, charge sequences, amounts and dates', () => {
    const text =
      '{"chargeId":"P6101130042:T01:000123","merchantId":"P6101130042","totalFen":3560,"occurredAt":"2026-11-22T09:30:00+08:00"}';
    expect(maskPersonIds(text)).toBe(text);
  });
});
