import { isProbeUrl, maskPersonalIdsInUrl } from './personal-url-mask';

describe('person numbers in logged URLs', () => {
  it.each([
    ['/v1/persons/610100000001', '/v1/persons/:personId'],
    ['/v1/Persons/610100000001', '/v1/persons/:personId'],
    ['/V1/PERSONS/610100000001/bindings', '/V1/persons/:personId/bindings'],
    ['/v1/pErSoNs/610100000001/funding-order?x=1', '/v1/persons/:personId/funding-order?x=1'],
    ['/v1/accounts/610100000001', '/v1/accounts/:personId'],
    ['/v1/ACCOUNTS/610100000001/statement?month=2026-11', '/v1/accounts/:personId/statement?month=2026-11'],
    ['/v1/Accounts/610100000001#frag', '/v1/accounts/:personId#frag'],
  ])('masks %s', (url, logged) => {
    expect(maskPersonalIdsInUrl(url)).toBe(logged);
    expect(maskPersonalIdsInUrl(url)).not.toContain('610100000001');
  });

  it.each([
    '/v1/contributions/RM2027:140105000123:001',
    '/v1/contributions/RM2027%3A140105000123%3A001/refunds',
    '/v1/settlements/P6101130042:T01:000123?patient=140105000123',
  ])('masks a person number elsewhere in %s', (url) => {
    const logged = maskPersonalIdsInUrl(url);
    expect(logged).not.toContain('140105000123');
    expect(logged).toMatch(/p#/);
  });

  it('leaves other URLs alone', () => {
    expect(maskPersonalIdsInUrl('/v1/merchants/M1/reconciliation?date=2026-11-22')).toBe(
      '/v1/merchants/M1/reconciliation?date=2026-11-22',
    );
  });

  it('tells probe URLs whatever their case', () => {
    expect(isProbeUrl('/health/ready')).toBe(true);
    expect(isProbeUrl('/HEALTH')).toBe(true);
    expect(isProbeUrl('/Metrics')).toBe(true);
    expect(isProbeUrl('/v1/persons/x')).toBe(false);
    expect(isProbeUrl(undefined)).toBe(false);
  });
});
