/** The JSON charge report (`GET /api/v1/reports/charges?format=json`), as far as the page shows it. */
export interface ChargeReportJson {
  period: { from: string; to: string; timeZone: string };
  currency: 'NOK';
  accounts: Array<{
    account: { organisationId: string; name: string; billingReference: string };
    meetings: Array<{
      meetingId: string;
      conferenceName: string;
      startedAt: string;
      participants: number;
      chargedSeconds: number;
      amountOre: number;
    }>;
    licences: Array<{ from: string; to: string; days: number; amountOre: number }>;
    rooms: Array<{ conferenceName: string; from: string; to: string; days: number; amountOre: number }>;
    adjustments: Array<{ id: string; amountOre: number; reason: string; effectiveAt: string }>;
    totals: {
      chargesOre: number;
      licenceFeesOre: number;
      roomFeesOre: number;
      adjustmentsOre: number;
      totalExclVatOre: number;
      vatOre: number;
      totalInclVatOre: number;
    };
  }>;
}

/** The report's address: the same query on screen and in the downloads (the CLI's options, by the same names). */
export function chargeReportUrl(query: { from: string; to: string; account: string | null; format: 'csv' | 'json' }): string {
  const params = new URLSearchParams({ from: query.from, to: query.to, format: query.format });
  if (query.account !== null) params.set('account', query.account);
  return `/api/v1/reports/charges?${params.toString()}`;
}
