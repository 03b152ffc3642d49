/** CSV per RFC 4180: CRLF line ends; a field with the separator, a quote, CR or LF is quoted, quotes doubled. */
export type CsvSeparator = ',' | ';';

export function csvRecord(fields: readonly string[], separator: CsvSeparator): string {
  let line = '';
  for (let index = 0; index < fields.length; index += 1) {
    if (index > 0) line += separator;
    line += csvField(fields[index] ?? '', separator);
  }
  return `${line}\r\n`;
}

export function csvField(value: string, separator: CsvSeparator): string {
  const needsQuotes =
    value.includes(separator) || value.includes('"') || value.includes('\n') || value.includes('\r');
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}
