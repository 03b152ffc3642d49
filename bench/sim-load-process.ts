/**
 * The simulator process of the benchmarks: a fake Asterisk (the project's ARI
 * simulator) plus the load generator that plays its callers, in one process
 * of their own, apart from Kvorum. Started by the driver with an IPC channel
 * (`fork`); answers one `DriverCommand` at a time with a `LoadAnswer`.
 *
 *   options: --time-scale X (default 1: prompts and key presses take real time)
 *            --media-servers ast-1,ast-2 (a simulated cluster of these servers and
 *            the trunk between them, the calls spread over them as the edge does;
 *            default one lone Asterisk)
 */
import { parseArgs } from 'node:util';
import { assertNever } from '../src/domain/assert-never';
import { startSimulator, startSimulatorCluster } from '../simulator';
import { createLoadGenerator } from './load-generator';
import { countTraffic } from './traffic-counter';
import type { DriverCommand, LoadAnswer } from './load-protocol';

const { values } = parseArgs({ options: { 'time-scale': { type: 'string', default: '1' }, 'media-servers': { type: 'string' } } });

if (process.send === undefined) {
  console.error('sim-load-process runs under the benchmark driver (bench/run.ts), with an IPC channel');
  process.exit(2);
}

const simulatorOptions = { host: '127.0.0.1', port: 0, timeScale: Number(values['time-scale']) };
const serverIds = values['media-servers']?.split(',') ?? [];
const cluster = serverIds.length === 0 ? null : await startSimulatorCluster(serverIds, simulatorOptions);
const servers = cluster === null ? [await startSimulator(simulatorOptions)] : serverIds.map((id) => cluster.server(id));
const sim = servers[0]!;
const load = createLoadGenerator(cluster ?? sim);
const traffic = countTraffic(servers);
const closeAll = () => cluster?.close() ?? sim.close();

function answer(message: LoadAnswer): void {
  process.send?.(message);
}

async function handle(command: DriverCommand): Promise<LoadAnswer | null> {
  switch (command.kind) {
    case 'ramp':
      traffic.reset();
      return load.ramp(command.plan);
    case 'steady':
      return load.steady(command.plan);
    case 'probe-leaders':
      return load.probeLeaders(command.command, command.timeoutMs);
    case 'hang-up-all':
      return { kind: 'hung-up', callers: await load.hangUpAll() };
    case 'traffic':
      return { kind: 'traffic', traffic: traffic.read() };
    case 'close':
      await closeAll();
      process.disconnect();
      return null;
    default:
      return assertNever(command);
  }
}

process.on('message', (message: DriverCommand) => {
  handle(message).then(
    (result) => result && answer(result),
    (error: unknown) => answer({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
// The driver going away ends this process too: a benchmark never leaves a simulator behind.
process.on('disconnect', () => {
  void closeAll().finally(() => process.exit(0));
});

answer({
  kind: 'listening',
  url: sim.url,
  username: sim.username,
  password: sim.password,
  mediaServers: cluster === null ? [] : serverIds.map((id) => ({ id, url: cluster.server(id).url })),
});
