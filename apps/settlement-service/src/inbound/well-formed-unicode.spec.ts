import { firstMalformedString, wellFormedCopy } from './well-formed-unicode';

describe('well-formed Unicode in parsed messages', () => {
  it('finds a lone surrogate in a string or a key, by path', () => {
    expect(firstMalformedString(JSON.parse('{"a":"ok 😀","items":[{"name":"x"},{"name":"\\ud800y"}]}'))).toBe(
      'items[1].name',
    );
    expect(firstMalformedString(JSON.parse('{"a":{"\\udc00":1}}'))).toBe('a.\ufffd');
    expect(firstMalformedString(JSON.parse('{"a":"\\ud83d\\ude00","b":["中文"]}'))).toBeNull();
  });

  it('replaces lone surrogates and keeps everything else, a __proto__ key included', () => {
    const copy = wellFormedCopy(JSON.parse('{"__proto__":{"n":"\\ud800"},"b":[1,true,null,"\\udc00x"],"c":"😀"}'));
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"n":"\ufffd"},"b":[1,true,null,"\ufffdx"],"c":"😀"}');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(firstMalformedString(copy)).toBeNull();
  });
});
