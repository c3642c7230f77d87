import { stableEventId } from './stable-event-id';

describe('stableEventId', () => {
  it('is a version-5 UUID, the same for the same name and different for another', () => {
    const a = stableEventId('charge.settled:P6101130042:T01:000123');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableEventId('charge.settled:P6101130042:T01:000123')).toBe(a);
    expect(stableEventId('charge.rejected:P6101130042:T01:000123')).not.toBe(a);
  });
});
