/** Spreadsheet column letters of a 1-based column number: 1 → A, 26 → Z, 27 → AA. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** A cell reference (`D5`) from a 1-based column and line. */
export function cellRef(column: number, line: number): string {
  return `${columnLetters(column)}${line}`;
}
