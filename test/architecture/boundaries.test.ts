import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries of docs/architecture.md are lint rules
 * (eslint.config.js). These probes prove each one fires, and that its
 * message names the rule, so a break in CI says which promise it broke.
 */
const eslint = new ESLint({
  // Only the boundary rule runs on the probes: they are not files of the TypeScript project.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function boundaryMessages(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).map((message) => message.message);
}

const probes: Array<[rule: string, filePath: string, source: string]> = [
  ['domain-is-pure', 'src/domain/conference/probe.ts', "import type { Clock } from '../../app/ports/clock-and-ids';"],
  ['domain-is-pure', 'src/domain/probe.ts', "import { readFileSync } from 'node:fs';"],
  ['domain-is-pure', 'src/domain/billing/probe.ts', "import { z } from 'zod';"],
  ['domain-is-pure', 'src/domain/call/probe.ts', "import type { Logger } from '../../logger';"],
  ['app-not-adapters', 'src/app/bridge/probe.ts', "import { openDatabase } from '../../adapters/db/database';"],
  ['app-not-adapters', 'src/app/admin/probe.ts', "import { startKvorum } from '../../start-kvorum';"],
  ['only-ari-imports-ari-client', 'src/adapters/db/probe.ts', "import ariClient from 'ari-client';"],
  ['only-ari-imports-ws', 'src/app/bridge/probe.ts', "import WebSocket from 'ws';"],
  ['only-db-imports-better-sqlite3', 'src/adapters/http/probe.ts', "import BetterSqlite3 from 'better-sqlite3';"],
  ['only-db-imports-pg', 'src/app/cluster/probe.ts', "import pg from 'pg';"],
  ['only-http-imports-express', 'src/cli/probe.ts', "import express from 'express';"],
  ['only-metrics-imports-prom-client', 'src/adapters/http/probe.ts', "import { Registry } from 'prom-client';"],
  ['only-metrics-imports-prom-client', 'src/app/bridge/probe.ts', "import { Counter } from 'prom-client';"],
  ['cli-not-http', 'src/cli/probe.ts', "import { presentToken } from '../adapters/http/presenters';"],
  ['cli-through-services', 'src/cli/probe.ts', "import { UsersRepository } from '../adapters/db/users-repository';"],
  ['simulator-stands-alone', 'simulator/probe.ts', "import { prompts } from '../src/domain/prompts';"],
  ['portal-is-a-client', 'portal/src/pages/rooms/probe.tsx', "import { ROOM_TYPES } from '../../../../src/domain/room-types';"],
];

describe('import boundaries', () => {
  it.each(probes)('%s: a probe that breaks it fails lint with a message naming the rule', async (rule, filePath, source) => {
    const messages = await boundaryMessages(filePath, `${source}\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`[boundary ${rule}]`);
  });

  it.each([
    ['src/domain/conference/probe.ts', "import { prompts } from '../prompts';"],
    ['src/app/bridge/probe.ts', "import type { Clock } from '../ports/clock-and-ids';"],
    ['src/adapters/ari/probe.ts', "import WebSocket from 'ws';"],
    ['src/adapters/db/probe.ts', "import BetterSqlite3 from 'better-sqlite3';"],
    ['src/adapters/db/probe.ts', "import pg from 'pg';"],
    ['src/adapters/http/probe.ts', "import express from 'express';"],
    ['src/adapters/metrics/probe.ts', "import { Registry } from 'prom-client';"],
    ['src/cli/probe.ts', "import { openSqlDatabase } from '../adapters/db/sql/open-sql-database';"],
    ['portal/src/pages/rooms/probe.tsx', "import { api } from '../../api/client';"],
  ])('%s may import what its layer owns', async (filePath, source) => {
    expect(await boundaryMessages(filePath, `${source}\n`)).toEqual([]);
  });
});
