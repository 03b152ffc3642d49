import type { AdminServices } from '../../../app/admin/admin-services';
import { ChargeReportQuerySchema, toChargeReportQuery } from '../../../app/reports/charge-report-query';
import { CHARGE_REPORT_CONTENT_TYPES } from '../../../app/reports/write-charge-report';
import { formatLocalDate } from '../../../domain/billing/calendar';
import { defineRoute, type Route } from '../route';
import { REPORT_READERS } from './role-sets';

export function reportRoutes(services: AdminServices): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/reports/charges',
      tag: 'reports',
      summary: 'Charge report of a period, per meeting and optionally per leg, as CSV or JSON',
      description:
        'The same report as `npm run kvorum -- report charges`, with the same options. `from` and `to` are local ' +
        'dates (inclusive) in the configured time zone. Without `account`, an operator gets every account with ' +
        "activity and an organisation's staff get their own; a reseller must name the account. Caller numbers are " +
        'masked unless `unmasked` is set. A period covers at most 13 months. The report is made off the bridge’s ' +
        'event loop and streamed as it is made.',
      roles: REPORT_READERS,
      query: ChargeReportQuerySchema,
      response: {
        status: 200,
        description: 'the report; amounts in øre excluding VAT, VAT once on the total',
        otherContentTypes: [CHARGE_REPORT_CONTENT_TYPES.csv, CHARGE_REPORT_CONTENT_TYPES.json],
      },
      handle: async ({ principal, query }) => {
        const report = toChargeReportQuery(query);
        const { request, format } = report;
        return {
          status: 200,
          contentType: CHARGE_REPORT_CONTENT_TYPES[format],
          fileName: `charges-${formatLocalDate(request.from)}-${formatLocalDate(request.to)}.${format}`,
          body: await services.chargeReports.open(principal, report),
        };
      },
    }),
  ];
}
