import { csvRow } from './csv';

describe('csvRow', () => {
  it('quotes what needs quoting and ends the row with CRLF', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', null, 12, -5n])).toBe('a,"b,c","say ""hi""",,12,-5\r\n');
  });

  it('keeps text from being run as a formula', () => {
    expect(csvRow(['=SUM(A1)', '-1+2', '@x'])).toBe("'=SUM(A1),'-1+2,'@x\r\n");
  });
});
