import { cellRef, columnLetters } from './cell-ref.util';
import { parseCellNumber } from './parse-cell-number.util';

describe('parseCellNumber', () => {
  it.each([
    [1234.5, 1234.5],
    [-3, -3],
    ['42', 42],
    [' 7 ', 7],
    ['-1.5', -1.5],
    ['1,234.5', 1234.5],
    ['1,234,567', 1234567],
    ['12%', 0.12],
    ['33.3%', 0.333],
    ['-5 %', -0.05],
    ['1,200%', 12],
    ['1e3', 1000],
    ['.5', 0.5],
    ['', null],
    ['   ', null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(parseCellNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['abc'],
    ['12,34'],
    ['1.2.3'],
    ['%'],
    ['12%%'],
    ['¥100'],
    ['1,234.5.6'],
    [Number.NaN],
    ['Infinity'],
  ])('%j is not a number', (input) => {
    expect(parseCellNumber(input)).toEqual({ ok: false });
  });
});

describe('cell references', () => {
  it.each([
    [1, 'A'],
    [4, 'D'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [703, 'AAA'],
  ])('column %i is %s', (column, letters) => expect(columnLetters(column)).toBe(letters));

  it('names a cell by column and line', () => expect(cellRef(4, 5)).toBe('D5'));
});
