/**
 * CSV per RFC 4180 that is safe to open in a spreadsheet: CRLF line ends; a
 * field with a separator, a quote, CR or LF is quoted, quotes doubled.
 *
 * CSV injection (OWASP): a spreadsheet runs a cell that starts with `=`, `+`,
 * `-`, `@`, tab or CR as a formula (`=HYPERLINK(...)` sends the sheet's data
 * away). Text cells hold what people and callers typed (names, billing
 * references, reasons, caller numbers from SIP), so one that starts with such
 * a character gets a single quote in front: `'=HYPERLINK(...)`, `'+4791234567`.
 * Spreadsheets read it as text; where the quote shows, every character of the
 * value is still there after it. Both separators are quoted whichever one the
 * file uses, so a spreadsheet that guesses the other one cannot split a cell
 * into one that starts with `=`.
 *
 * Number cells are ours (amounts, counts, minutes, formatted by Kvorum from
 * integers) and stay numbers: `-5.10` is a credit, not a formula. A number
 * column accepts nothing but a plain number (or an empty cell), so no text can
 * get into one unneutralised.
 */
export type CsvSeparator = ',' | ';';

const NEEDS_QUOTES = /[",;\r\n]/;
/** A number as Kvorum writes one: `42`, `-5.10`. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NO_NUMBER_COLUMNS: ReadonlySet<number> = new Set();

/** One record; the fields at `numberColumns` are numbers, every other field is text. */
export function csvRecord(fields: readonly string[], separator: CsvSeparator, numberColumns = NO_NUMBER_COLUMNS): string {
  const cells = fields.map((field, index) => (numberColumns.has(index) ? plainNumber(field) : neutralised(field)));
  const record = cells.join(separator);
  // Nearly every record needs no quoting: one test over the whole record decides that.
  if (!NEEDS_QUOTES.test(record)) return `${record}\r\n`;
  return `${cells.map(quoted).join(separator)}\r\n`;
}

function neutralised(text: string): string {
  switch (text.charAt(0)) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return `'${text}`;
    default:
      return text;
  }
}

function plainNumber(value: string): string {
  if (value !== '' && !PLAIN_NUMBER.test(value)) throw new Error(`a CSV number column was given ${JSON.stringify(value)}`);
  return value;
}

function quoted(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
