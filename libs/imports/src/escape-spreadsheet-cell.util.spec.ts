import { escapeSpreadsheetCell } from './escape-spreadsheet-cell.util';
import { writeCsv } from './write-csv.util';

describe('escapeSpreadsheetCell', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', "'\rCR"],
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ['Acme =1', 'Acme =1'],
    ['华东客户', '华东客户'],
    ['', ''],
  ])('text %j → %j', (input, expected) => {
    expect(escapeSpreadsheetCell(input)).toBe(expected);
  });

  it.each([[-5], [0], [12.5], [-0.25]])('leaves the number %d a number', (n) => {
    expect(escapeSpreadsheetCell(n)).toBe(n);
  });

  it('leaves a blank blank', () => expect(escapeSpreadsheetCell(null)).toBeNull());
});

describe('writeCsv', () => {
  const text = (rows: (string | number | null)[][]) => writeCsv(rows).toString('utf8');

  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    const bytes = writeCsv([
      ['a', 'b'],
      ['客户', 1],
    ]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(
      text([
        ['a', 'b'],
        ['客户', 1],
      ]),
    ).toBe('\uFEFFa,b\r\n客户,1\r\n');
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(text([['a,b', 'say "hi"', 'two\nlines', 'plain']])).toBe(
      '\uFEFF"a,b","say ""hi""","two\nlines",plain\r\n',
    );
  });

  it('escapes formulas, keeps negative numbers numeric, writes blanks empty', () => {
    expect(text([['=1+2', -5, null, '-x', '@a,b']])).toBe("\uFEFF'=1+2,-5,,'-x,\"'@a,b\"\r\n");
  });

  it('quotes an escaped cell that starts with CR', () => {
    expect(text([['\r=1']])).toBe('\uFEFF"\'\r=1"\r\n');
  });
});
