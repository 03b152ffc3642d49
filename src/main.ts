import { ConfigError, loadConfig, retiredVariablesIn } from './config';
import { startKvorum, type RunningKvorum } from './start-kvorum';
import { createLogger, type Logger } from './logger';

/** What a stop may take beyond its own limits (closing sockets, the last log lines) before the process ends regardless. */
const EXIT_MARGIN_MS = 5_000;

/** The process entry point: configuration from the environment, signals, exit codes. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  for (const retired of retiredVariablesIn(process.env)) logger.warn(retired);
  const kvorum = await startKvorum(config, logger);
  stopOnSignals(kvorum, logger);
}

/**
 * SIGTERM or SIGINT starts the stop; every later one is logged and ignored.
 * One stop often brings several signals: a Ctrl-C in a terminal and
 * systemd's KillMode=control-group signal every process of the group, and
 * a wrapper such as tsx passes its own copy on. Dying of the second one
 * would leave callers connected in silence. The stop bounds itself (the
 * farewells, then every caller left is hung up); only if it overruns even
 * that does the process end without it.
 */
function stopOnSignals(kvorum: RunningKvorum, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'already shutting down: signal ignored; callers are hearing goodbye');
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.fatal({ timeoutMs: kvorum.stopTimeoutMs + EXIT_MARGIN_MS }, 'shutdown overran every deadline; exiting without it');
      process.exit(1);
    }, kvorum.stopTimeoutMs + EXIT_MARGIN_MS).unref();
    kvorum.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((error: unknown) => {
  process.stderr.write(`kvorum failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
