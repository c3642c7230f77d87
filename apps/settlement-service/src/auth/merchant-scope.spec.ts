import { ApplicationError } from '../shared/errors/application-error';
import { assertMerchantOwns } from './merchant-scope';
import type { Principal } from './principal';

const merchant: Principal = { sub: 'P1', roles: ['merchant'] };
const statusOf = (f: () => void): string => {
  try {
    f();
    return 'allowed';
  } catch (err) {
    return (err as ApplicationError).kind;
  }
};

describe('assertMerchantOwns', () => {
  it("lets a merchant act on its own charges only; another's is forbidden", () => {
    expect(statusOf(() => assertMerchantOwns(merchant, 'P1', true))).toBe('allowed');
    expect(statusOf(() => assertMerchantOwns(merchant, 'P2', true))).toBe('forbidden');
    expect(statusOf(() => assertMerchantOwns(merchant, 'P2', false))).toBe('forbidden');
  });

  it('answers a merchant reading a record without a usable merchantId as unknown, not as its own', () => {
    expect(statusOf(() => assertMerchantOwns(merchant, null, true))).toBe('not-found');
    // Submitting: the charge it just sent, its merchantId already checked against the token.
    expect(statusOf(() => assertMerchantOwns(merchant, null, false))).toBe('allowed');
  });

  it('lets the bureau do anything and the auditor read', () => {
    expect(statusOf(() => assertMerchantOwns({ sub: 'b', roles: ['bureau'] }, null, true))).toBe('allowed');
    expect(statusOf(() => assertMerchantOwns({ sub: 'a', roles: ['auditor'] }, 'P2', true))).toBe('allowed');
    expect(statusOf(() => assertMerchantOwns({ sub: 'a', roles: ['auditor'] }, 'P2', false))).toBe('forbidden');
  });
});
