import { assertNever } from '../../domain/assert-never';
import type { ChargeReport } from './charge-report';
import { writeChargeReportCsv } from './charge-report-csv';
import { writeChargeReportJson } from './charge-report-json';
import type { ChargeReportFormat } from './charge-report-query';
import type { TextSink } from './text-sink';

export const CHARGE_REPORT_CONTENT_TYPES: Record<ChargeReportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
};

/** Writes the report in the requested format to the sink. */
export function writeChargeReport(
  report: ChargeReport,
  format: ChargeReportFormat,
  sink: TextSink,
  options: { separator: ',' | ';' } = { separator: ',' },
): Promise<void> {
  switch (format) {
    case 'csv':
      return writeChargeReportCsv(report, sink, options);
    case 'json':
      return writeChargeReportJson(report, sink);
    default:
      return assertNever(format);
  }
}
