import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'simulator/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // better-sqlite3 is a native addon: separate processes are the safe pool for it.
    pool: 'forks',
  },
});
