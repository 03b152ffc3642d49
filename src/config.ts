import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { z } from 'zod';
import { sheddingLimits, type SheddingLimits } from './domain/call/load-shedding';
import { anonymousCallerPolicies, defaultGuessingLimits as guessing, type GuessingLimits } from './domain/guessing/guessing-limits';
import { PROMPT_LANGUAGES } from './domain/prompts/languages';

/** A variable holding JSON, parsed before its own schema checks it. */
const jsonText = z.string().transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: 'custom', message: 'must be a JSON array' });
    return z.NEVER;
  }
});

const DEFAULT_SHED_LOOP_DELAY_MS = 500;
/** A loop that keeps up is a few ms behind; a threshold that low would refuse callers of a bridge doing well. */
const MIN_SHED_LOOP_DELAY_MS = 20;

/**
 * All configuration comes from the environment, parsed once in main.ts and
 * injected from there. Nothing reads process.env at module load time.
 */
const ConfigSchema = z.object({
  ariUrl: z.url().default('http://127.0.0.1:8088'),
  ariUser: z.string().min(1).default('kvorum'),
  ariPassword: z.string().min(1),
  ariApp: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('kvorum'),
  /** Timeout for every ARI REST request. */
  ariRequestTimeoutMs: z.coerce.number().int().positive().default(5000),
  /**
   * Load shedding: new callers are refused, unanswered, once the event
   * loop has been more than this many ms behind for a second, until it is back under half of it
   * (docs/design-notes.md, "Load shedding at the door"); `off` or 0: never.
   */
  shedding: z
    .string()
    .default(String(DEFAULT_SHED_LOOP_DELAY_MS))
    .transform((text, context): SheddingLimits | null => {
      if (text === 'off' || /^0+$/.test(text)) return null;
      if (/^\d+$/.test(text) && Number(text) >= MIN_SHED_LOOP_DELAY_MS) return sheddingLimits(Number(text));
      context.addIssue({
        code: 'custom',
        message: `must be a delay in whole milliseconds of at least ${MIN_SHED_LOOP_DELAY_MS} (default ${DEFAULT_SHED_LOOP_DELAY_MS}), or off (or 0) never to refuse callers`,
      });
      return z.NEVER;
    }),
  databasePath: z.string().min(1).default('./data/kvorum.db'),
  /** Server secret for the keyed hashes of conference codes (HMAC-SHA256). */
  codeSecret: z
    .string({ error: 'must be set: conference codes are hashed with it (at least 16 characters)' })
    .min(16, 'must be at least 16 characters'),
  httpHost: z.string().default('127.0.0.1'),
  httpPort: z.coerce.number().int().min(0).max(65535).default(8080),
  /** The built portal (index.html and assets/), served at `/`; default dist/portal beside the compiled bridge. */
  portalDir: z.string().min(1).optional(),
  /** Behind a reverse proxy: which proxy to believe X-Forwarded-For from (client addresses for the failed sign-in limit). */
  trustProxy: z
    .string()
    .default('false')
    .transform((text, context): boolean | number | string[] => {
      if (text === 'false' || text === 'true') return text === 'true';
      if (/^\d+$/.test(text)) return Number(text);
      const proxies = text.split(',').map((part) => part.trim());
      if (proxies.every((proxy) => isProxyAddress(proxy))) return proxies;
      context.addIssue({
        code: 'custom',
        message: 'must be false, true, a number of proxies, or addresses and subnets of the proxy (e.g. loopback or 10.0.0.2,10.1.0.0/16)',
      });
      return z.NEVER;
    }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Code entry: time allowed for the first digit after the prompt, and between digits. */
  firstDigitTimeoutMs: z.coerce.number().int().positive().default(10_000),
  interDigitTimeoutMs: z.coerce.number().int().positive().default(5_000),
  /** Time allowed between the two keys of a leader command. */
  commandTimeoutMs: z.coerce.number().int().positive().default(2_000),
  /** Failed code entries before the caller hears goodbye. */
  maxCodeTries: z.coerce.number().int().positive().default(3),
  /** A goodbye whose end never comes is cut off (hung up) after this long; also the deadline of a stop's farewells. */
  farewellTimeoutMs: z.coerce.number().int().positive().default(30_000),
  /** How often open legs are checkpointed (crash safety). */
  checkpointIntervalMs: z.coerce.number().int().positive().default(15_000),
  timeZone: z.string().default('Europe/Oslo'),
  /**
   * The most the charge reports stream per second (MB), all of them together;
   * 0 for no ceiling. A report's CPU (its worker and the bridge's thread that
   * forwards it) is spread out so that callers never wait for it
   * (docs/benchmarks.md, "Keypad answers while a month's report streams").
   */
  reportMaxMbPerSecond: z.coerce.number().min(0).default(4),
  /** What callers hear before the code on an access number the directory does not have. */
  defaultLanguage: z.enum(PROMPT_LANGUAGES).default('nb'),
  /** Code guessing limits across calls (docs/security.md explains the defaults). */
  guessWindowMs: z.coerce.number().int().positive().default(guessing.windowMs),
  maxFailedCodesPerCaller: z.coerce.number().int().positive().default(guessing.maxFailuresPerCaller),
  callerBlockMs: z.coerce.number().int().positive().default(guessing.callerBlockMs),
  anonymousCallers: z.enum(anonymousCallerPolicies).default(guessing.anonymousCallers),
  maxFailedCodesAnonymous: z.coerce.number().int().positive().default(guessing.maxFailuresAnonymous),
  spikeFailedCodesPerAccessNumber: z.coerce.number().int().positive().default(guessing.spikeFailuresPerAccessNumber),
  spikeFailedCodesService: z.coerce.number().int().positive().default(guessing.spikeFailuresService),
  spikeSlowdownMs: z.coerce.number().int().min(0).default(guessing.spikeSlowdownMs),
  spikeArrivalWaitMs: z.coerce.number().int().min(0).default(guessing.spikeArrivalWaitMs),
  maxCodeEntryCallsPerCaller: z.coerce.number().int().positive().default(guessing.maxCodeEntryCallsPerCaller),
  maxCodeEntryCallsAnonymous: z.coerce.number().int().positive().default(guessing.maxCodeEntryCallsAnonymous),
  maxCodeEntryCallsPerAccessNumber: z.coerce.number().int().positive().default(guessing.maxCodeEntryCallsPerAccessNumber),
  /** Prometheus metrics on a listener of their own; no port, no listener (README: "Metrics"). */
  metricsHost: z.string().default('127.0.0.1'),
  metricsPort: z.coerce.number().int().min(0).max(65535).optional(),
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** SMTP for the booking e-mails; without a host nothing is sent (the outbox keeps the e-mails queued). */
  smtpHost: z.string().min(1).optional(),
  smtpPort: z.coerce.number().int().min(1).max(65535).default(587),
  /** `starttls`: upgrade a plain connection (587), required; `implicit`: TLS from the start (465); `none`: plain (a local catcher). */
  smtpTls: z.enum(['starttls', 'implicit', 'none']).default('starttls'),
  smtpUser: z.string().min(1).optional(),
  smtpPassword: z.string().min(1).optional(),
  mailFrom: z.string().min(3).default('Kvorum <kvorum@localhost>'),
  /** How often the mail worker looks for e-mails and reminders due. */
  mailPollMs: z.coerce.number().int().positive().default(5_000),
  /** The first retry of a failed e-mail comes after this long, doubling up to the maximum. */
  mailRetryBaseMs: z.coerce.number().int().positive().default(60_000),
  mailRetryMaxMs: z.coerce.number().int().positive().default(3_600_000),
  /** Attempts before an e-mail is given up (marked failed, visible on the booking). */
  mailMaxAttempts: z.coerce.number().int().positive().default(8),
  /**
   * The media servers this process drives, each while it holds its lease
   * (README: "Several media servers"). Unset: one Asterisk at KVORUM_ARI_URL,
   * every conference lives there. All share the ARI user and password.
   */
  mediaServers: jsonText
    .pipe(
      z
        .array(
          z.strictObject({
            /** Its name in the cluster, and its endpoint on the internal trunk. */
            id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes, such as ast-1'),
            ariUrl: z.url(),
          }),
        )
        .min(1)
        .refine((servers) => new Set(servers.map((server) => server.id)).size === servers.length, 'ids must differ'),
    )
    .optional(),
  /**
   * The PostgreSQL that holds every store (conferences, users, the ledger,
   * charges, bookings, the cluster's leases and claims): what the processes
   * of a cluster share (docs/database.md). Unset: the SQLite file at
   * KVORUM_DB_PATH.
   */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Seals the tickets of calls carried between media servers; the same on every process of the cluster. */
  carrySecret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** This process's name as a lease holder; unique in the cluster. */
  processId: z
    .string()
    .min(1)
    .max(100)
    .default(() => `${hostname()}-${process.pid}`),
});

export type Config = z.infer<typeof ConfigSchema>;

/** An address or subnet (`10.0.0.2`, `10.1.0.0/16`, `fd00::/8`) or one of express's names for a range. */
function isProxyAddress(text: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(text)) return true;
  const [address = '', bits, ...rest] = text.split('/');
  if (rest.length > 0 || isIP(address) === 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128));
}

/**
 * The command line never talks to Asterisk, so it does not need the ARI
 * password; and only the commands that hash conference codes need the code
 * secret: they ask for it with `loadCodeSecret`.
 */
const CliConfigSchema = ConfigSchema.omit({ ariPassword: true, codeSecret: true });
export type CliConfig = z.infer<typeof CliConfigSchema>;

const ENV_NAMES: Record<keyof Config, string> = {
  ariUrl: 'KVORUM_ARI_URL',
  ariUser: 'KVORUM_ARI_USER',
  ariPassword: 'KVORUM_ARI_PASSWORD',
  ariApp: 'KVORUM_ARI_APP',
  ariRequestTimeoutMs: 'KVORUM_ARI_REQUEST_TIMEOUT_MS',
  shedding: 'KVORUM_SHED_LOOP_DELAY_MS',
  databasePath: 'KVORUM_DB_PATH',
  codeSecret: 'KVORUM_CODE_SECRET',
  httpHost: 'KVORUM_HTTP_HOST',
  httpPort: 'KVORUM_HTTP_PORT',
  portalDir: 'KVORUM_PORTAL_DIR',
  trustProxy: 'KVORUM_TRUST_PROXY',
  logLevel: 'KVORUM_LOG_LEVEL',
  firstDigitTimeoutMs: 'KVORUM_FIRST_DIGIT_TIMEOUT_MS',
  interDigitTimeoutMs: 'KVORUM_INTER_DIGIT_TIMEOUT_MS',
  commandTimeoutMs: 'KVORUM_COMMAND_TIMEOUT_MS',
  maxCodeTries: 'KVORUM_MAX_CODE_TRIES',
  farewellTimeoutMs: 'KVORUM_FAREWELL_TIMEOUT_MS',
  checkpointIntervalMs: 'KVORUM_CHECKPOINT_INTERVAL_MS',
  timeZone: 'KVORUM_TIME_ZONE',
  reportMaxMbPerSecond: 'KVORUM_REPORT_MAX_MB_PER_S',
  defaultLanguage: 'KVORUM_DEFAULT_LANGUAGE',
  guessWindowMs: 'KVORUM_GUESS_WINDOW_MS',
  maxFailedCodesPerCaller: 'KVORUM_MAX_FAILED_CODES_PER_CALLER',
  callerBlockMs: 'KVORUM_CALLER_BLOCK_MS',
  anonymousCallers: 'KVORUM_ANONYMOUS_CALLERS',
  maxFailedCodesAnonymous: 'KVORUM_MAX_FAILED_CODES_ANONYMOUS',
  spikeFailedCodesPerAccessNumber: 'KVORUM_SPIKE_FAILED_CODES_PER_ACCESS_NUMBER',
  spikeFailedCodesService: 'KVORUM_SPIKE_FAILED_CODES_SERVICE',
  spikeSlowdownMs: 'KVORUM_SPIKE_SLOWDOWN_MS',
  spikeArrivalWaitMs: 'KVORUM_SPIKE_ARRIVAL_WAIT_MS',
  maxCodeEntryCallsPerCaller: 'KVORUM_MAX_CODE_ENTRY_CALLS_PER_CALLER',
  maxCodeEntryCallsAnonymous: 'KVORUM_MAX_CODE_ENTRY_CALLS_ANONYMOUS',
  maxCodeEntryCallsPerAccessNumber: 'KVORUM_MAX_CODE_ENTRY_CALLS_PER_ACCESS_NUMBER',
  metricsHost: 'KVORUM_METRICS_HOST',
  metricsPort: 'KVORUM_METRICS_PORT',
  metricsToken: 'KVORUM_METRICS_TOKEN',
  smtpHost: 'KVORUM_SMTP_HOST',
  smtpPort: 'KVORUM_SMTP_PORT',
  smtpTls: 'KVORUM_SMTP_TLS',
  smtpUser: 'KVORUM_SMTP_USER',
  smtpPassword: 'KVORUM_SMTP_PASSWORD',
  mailFrom: 'KVORUM_MAIL_FROM',
  mailPollMs: 'KVORUM_MAIL_POLL_MS',
  mailRetryBaseMs: 'KVORUM_MAIL_RETRY_BASE_MS',
  mailRetryMaxMs: 'KVORUM_MAIL_RETRY_MAX_MS',
  mailMaxAttempts: 'KVORUM_MAIL_MAX_ATTEMPTS',
  mediaServers: 'KVORUM_MEDIA_SERVERS',
  databaseUrl: 'KVORUM_DATABASE_URL',
  carrySecret: 'KVORUM_CARRY_SECRET',
  processId: 'KVORUM_PROCESS_ID',
};

/**
 * Variables Kvorum once read and no longer does, with what took their place.
 * Set, they change nothing; the bridge names them at start, so that an
 * operator who still sets one learns where the setting went.
 */
const RETIRED_ENV_NAMES: Record<string, string> = {
  KVORUM_ACCESS_NUMBERS:
    'is no longer read: the invitations list the directory of access numbers (`kvorum access-numbers`, /api/v1/access-numbers)',
  KVORUM_GUESS_TRACKED_NUMBERS: 'is no longer read: the guessing counts are rows bounded by the window (docs/security.md)',
};

/** One line for each retired variable set in `env`. */
export function retiredVariablesIn(env: Record<string, string | undefined>): string[] {
  return Object.entries(RETIRED_ENV_NAMES)
    .filter(([name]) => env[name] !== undefined && env[name] !== '')
    .map(([name, replacement]) => `${name} ${replacement}`);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into the bridge's Config, naming each wrong variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  refuseRenamed(env);
  const config = parseEnv(ConfigSchema, env);
  if (config.mediaServers !== undefined && config.carrySecret === undefined) {
    throw new ConfigError([`${ENV_NAMES.carrySecret}: must be set with ${ENV_NAMES.mediaServers}: carried calls are sealed with it`]);
  }
  return config;
}

/** Parses the environment into the command line's configuration. */
export function loadCliConfig(env: Record<string, string | undefined>): CliConfig {
  refuseRenamed(env);
  return parseEnv(CliConfigSchema, env);
}

/**
 * Variables whose setting moved to another name with a wider meaning. Unlike
 * a retired one, ignoring such a variable would be dangerous: a cluster
 * process that still names its PostgreSQL the old way would otherwise keep
 * its claims in a SQLite file of its own, and meetings would split.
 */
const RENAMED_ENV_NAMES: Record<string, string> = {
  KVORUM_CLUSTER_DATABASE_URL: `is now ${ENV_NAMES.databaseUrl}, which holds every store, not only the leases and claims (docs/database.md)`,
};

function refuseRenamed(env: Record<string, string | undefined>): void {
  const problems = Object.entries(RENAMED_ENV_NAMES)
    .filter(([name]) => env[name] !== undefined && env[name] !== '')
    .map(([name, replacement]) => `${name} ${replacement}`);
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The code secret, for the commands that hash conference codes. */
export function loadCodeSecret(env: Record<string, string | undefined>): string {
  return parseEnv(ConfigSchema.pick({ codeSecret: true }), env).codeSecret;
}

function parseEnv<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const raw: Record<string, string | undefined> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path[0] as keyof Config;
        return `${ENV_NAMES[key] ?? String(key)}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}

/** The code guessing limits the bridge applies, from the configuration. */
export function guessingLimitsOf(config: Config): GuessingLimits {
  return {
    windowMs: config.guessWindowMs,
    maxFailuresPerCaller: config.maxFailedCodesPerCaller,
    callerBlockMs: config.callerBlockMs,
    anonymousCallers: config.anonymousCallers,
    maxFailuresAnonymous: config.maxFailedCodesAnonymous,
    spikeFailuresPerAccessNumber: config.spikeFailedCodesPerAccessNumber,
    spikeFailuresService: config.spikeFailedCodesService,
    spikeSlowdownMs: config.spikeSlowdownMs,
    spikeArrivalWaitMs: config.spikeArrivalWaitMs,
    maxCodeEntryCallsPerCaller: config.maxCodeEntryCallsPerCaller,
    maxCodeEntryCallsAnonymous: config.maxCodeEntryCallsAnonymous,
    maxCodeEntryCallsPerAccessNumber: config.maxCodeEntryCallsPerAccessNumber,
  };
}
