import { defineConfig } from 'vitest/config';

// On a real Asterisk (test/e2e/README.md) calls take real time: a story of
// three callers hears seconds of prompts each, more when the machine is busy.
const realAsterisk = Boolean(process.env.KVORUM_E2E_ARI_URL || process.env.KVORUM_E2E_CLUSTER_ARI_URLS);
const timeoutMs = realAsterisk ? 90_000 : 20_000;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'simulator/**/*.test.ts'],
    // The prompts' sound files, made from the catalogue, for the simulator and the checks.
    globalSetup: ['test/support/generated-sounds.ts'],
    testTimeout: timeoutMs,
    hookTimeout: timeoutMs,
    // better-sqlite3 is a native addon: separate processes are the safe pool for it.
    pool: 'forks',
  },
});
