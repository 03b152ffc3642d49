/** CSV per RFC 4180: CRLF line ends; a field with the separator, a quote, CR or LF is quoted, quotes doubled. */
export type CsvSeparator = ',' | ';';

const NEEDS_QUOTES: Record<CsvSeparator, RegExp> = { ',': /[",\r\n]/, ';': /[";\r\n]/ };

export function csvRecord(fields: readonly string[], separator: CsvSeparator): string {
  // Nearly every record needs no quoting: one test over the whole record decides that.
  if (!NEEDS_QUOTES[separator].test(fields.join(''))) return `${fields.join(separator)}\r\n`;
  return `${fields.map((field) => csvField(field, separator)).join(separator)}\r\n`;
}

function csvField(value: string, separator: CsvSeparator): string {
  return NEEDS_QUOTES[separator].test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
