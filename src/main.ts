import { ConfigError, loadConfig } from './config';
import { startKvorum } from './kvorum';
import { createLogger } from './logger';

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
  const kvorum = await startKvorum(config, logger);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      kvorum.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.fatal({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`kvorum failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
