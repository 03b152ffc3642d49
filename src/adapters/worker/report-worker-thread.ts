/**
 * A report worker: a thread of its own that makes charge reports and
 * statistics on its own read-only connection, so the bridge's event loop
 * never waits for them. Started by worker-report-runner.ts, one job at a
 * time (see report-job-protocol.ts).
 */
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { organisationStatistics, statisticsAcrossOrganisations } from '../../app/admin/organisation-statistics';
import { createChargeReportBuilder, type ChargeReportBuilder } from '../../app/reports/charge-report-builder';
import { writeChargeReport } from '../../app/reports/write-charge-report';
import type { ChargeReportJob } from '../../app/ports/report-runner';
import { assertNever } from '../../domain/assert-never';
import { openReportSnapshot, type ReportSnapshot } from '../db/report-snapshot';
import { chargeReportReads } from '../db/reports-source';
import { UsageRepository } from '../db/usage-repository';
import { flowControlledSink, JobCancelled, type JobMessage, type ReportWorkerSetup, type WorkerMessage } from './report-job-protocol';

const setup = workerData as ReportWorkerSetup;

// Reports are batch work: on a small machine the bridge's thread must get the CPU first. On Linux a thread
// has a nice value of its own, so this lowers this worker only (elsewhere it would lower the whole process).
if (process.platform === 'linux') setPriority(constants.priority.PRIORITY_LOW);
const port = parentPort;
if (port === null) throw new Error('report-worker-thread.ts runs as a worker thread');

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on('message', (message: JobMessage) => void runJob(message));

async function runJob({ job, flow }: JobMessage): Promise<void> {
  let snapshot: ReportSnapshot | null = null;
  try {
    // One snapshot for the whole job: the bridge goes on rating legs meanwhile, and the lines must add up.
    snapshot = await openReportSnapshot(setup.store);
    const reports = createChargeReportBuilder({ ...chargeReportReads(snapshot.reads), timeZone: setup.timeZone });
    const usage = new UsageRepository(snapshot.reads.statements);
    switch (job.kind) {
      case 'charge-report':
        await chargeReport(reports, job.job, new Int32Array(flow));
        break;
      case 'statistics':
        post({
          kind: 'statistics',
          statistics: await organisationStatistics({ usage, reports, timeZone: setup.timeZone }, job.job),
        });
        break;
      case 'statistics-across':
        post({
          kind: 'statistics-across',
          statistics: await statisticsAcrossOrganisations({ usage, reports, timeZone: setup.timeZone }, job.job),
        });
        break;
      default:
        assertNever(job);
    }
  } catch (error) {
    if (error instanceof JobCancelled) post({ kind: 'cancelled' });
    else
      post({
        kind: 'failed',
        name: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      });
  } finally {
    await snapshot?.close().catch(() => undefined);
  }
}

async function chargeReport(reports: ChargeReportBuilder, job: ChargeReportJob, flow: Int32Array): Promise<void> {
  const outcome = await reports.build(job.request, job.generatedAt);
  if (outcome.kind === 'unknown-account') {
    post({ kind: 'unknown-account' });
    return;
  }
  post({ kind: 'started' });
  const sink = flowControlledSink(flow, setup.pace, (bytes) => post({ kind: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]));
  await writeChargeReport(outcome.report, job.format, sink, { separator: job.separator });
  post({ kind: 'done' });
}
