import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'simulator/**/*.test.ts'],
    // The prompts' sound files, made from the catalogue, for the simulator and the checks.
    globalSetup: ['test/support/generated-sounds.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // better-sqlite3 is a native addon: separate processes are the safe pool for it.
    pool: 'forks',
  },
});
