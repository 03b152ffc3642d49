import { ReconciliationError, type ReconciledLines } from './charge-report';

/**
 * An account's meeting, leg, licence or room lines, checked as they pass: when the
 * last one has been written, their sum must equal their total on the
 * account, or the writer throws before the totals are printed.
 */
export async function* reconciled<T extends { amountOre: number }>(
  kind: ReconciledLines,
  lines: Iterable<T> | AsyncIterable<T>,
  organisationId: string,
  totalOre: number,
): AsyncIterable<T> {
  let linesOre = 0;
  for await (const line of lines) {
    linesOre += line.amountOre;
    yield line;
  }
  if (linesOre !== totalOre) throw new ReconciliationError(organisationId, kind, linesOre, totalOre);
}
