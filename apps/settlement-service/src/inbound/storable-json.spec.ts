import { firstUnstorableString, nestsDeeperThan, storableCopy } from './storable-json';

describe('text PostgreSQL can store, in parsed messages', () => {
  it('finds a lone surrogate in a string or a key, by path', () => {
    expect(firstUnstorableString(JSON.parse('{"a":"ok 😀","items":[{"name":"x"},{"name":"\\ud800y"}]}'))).toEqual({
      field: 'items[1].name',
      problem: 'is not well-formed Unicode (a lone surrogate escape)',
    });
    expect(firstUnstorableString(JSON.parse('{"a":{"\\udc00":1}}'))?.field).toBe('a.\ufffd');
    expect(firstUnstorableString(JSON.parse('{"a":"\\ud83d\\ude00","b":["中文"]}'))).toBeNull();
  });

  // A NUL reached PostgreSQL and failed the statement as `08P01`/`22021`, read as an outage.
  it('finds a NUL character in a string or a key', () => {
    expect(firstUnstorableString(JSON.parse('{"items":[{"name":"a\\u0000b"}]}'))).toEqual({
      field: 'items[0].name',
      problem: 'contains a NUL character (U+0000)',
    });
    expect(firstUnstorableString(JSON.parse('{"k\\u0000":1}'))?.field).toBe('k\ufffd');
  });

  it('replaces lone surrogates and NULs and keeps everything else, a __proto__ key included', () => {
    const copy = storableCopy(
      JSON.parse('{"__proto__":{"n":"\\ud800"},"b":[1,true,null,"\\udc00x","\\u0000"],"c":"😀"}'),
    );
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"n":"\ufffd"},"b":[1,true,null,"\ufffdx","\ufffd"],"c":"😀"}');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(firstUnstorableString(copy)).toBeNull();
  });

  it('tells a too-deep value without recursing past the limit', () => {
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: [] }] }, 3)).toBe(true);
    const deep = JSON.parse('['.repeat(200000) + ']'.repeat(200000));
    expect(nestsDeeperThan(deep, 64)).toBe(true);
  });
});
