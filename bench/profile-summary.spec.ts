import { layerOf, summarizeProfile } from './profile-summary';

describe('profile summary', () => {
  it('assigns frames to packages and service layers', () => {
    expect(layerOf('file:///r/node_modules/pg/lib/client.js', 'x')).toBe('pg');
    expect(layerOf('file:///r/node_modules/@nestjs/core/a.js', 'x')).toBe('@nestjs/core');
    expect(layerOf('file:///r/dist/apps/settlement-service/libs/domain/src/a.js', 'x')).toBe('domain (libs/domain)');
    expect(layerOf('file:///r/dist/apps/settlement-service/apps/settlement-service/src/inbound/d.js', 'x')).toBe(
      'service: message decoding',
    );
    expect(layerOf('', '(garbage collector)')).toBe('garbage collection');
  });

  it('shares self time of busy samples by layer and function', () => {
    const s = summarizeProfile({
      startTime: 0,
      endTime: 2_000_000,
      nodes: [
        { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: 'query', url: 'file:///r/node_modules/pg/lib/client.js', lineNumber: 9 } },
        { id: 3, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
      ],
      samples: [1, 1, 2, 2, 2, 3],
    });
    expect(s.seconds).toBe(2);
    expect(s.busyPct).toBe(66.7);
    expect(s.byLayer).toEqual([
      { name: 'pg', sharePct: 75 },
      { name: 'garbage collection', sharePct: 25 },
    ]);
    expect(s.topFunctions[0]).toEqual({ name: 'query pg/lib/client.js:10', sharePct: 75 });
  });
});
