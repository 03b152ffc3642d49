import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Builds the process logger. Call logs are children of it:
 * `logger.child({ channelId, conferenceId })`. Code digits are never logged.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'kvorum' } }, destination);
}

/** A logger that writes nothing, for tests. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
