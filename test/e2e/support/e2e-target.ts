import { assertNever } from '../../../src/domain/assert-never';
import type { E2EWorld, RealAsteriskSettings, RealAsteriskWorldModule, SimulatorWorldOptions } from './e2e-world';
import { startSimulatorWorld } from './simulator-world';

/**
 * Which Asterisk the suite runs against, chosen by the environment:
 * KVORUM_E2E_ARI_URL (with KVORUM_E2E_ARI_PASSWORD, and KVORUM_E2E_ARI_USER
 * unless it is the default "kvorum")
 * points it at a real Asterisk 22 running the project's asterisk-config/;
 * without it the suite starts the ARI simulator in-process.
 */
export type E2ETarget = { kind: 'simulator' } | { kind: 'real-asterisk'; settings: RealAsteriskSettings };

export function e2eTarget(env: Record<string, string | undefined> = process.env): E2ETarget {
  const url = env.KVORUM_E2E_ARI_URL;
  if (!url) return { kind: 'simulator' };
  const password = env.KVORUM_E2E_ARI_PASSWORD;
  if (!password) throw new Error('KVORUM_E2E_ARI_URL is set but KVORUM_E2E_ARI_PASSWORD is not');
  return {
    kind: 'real-asterisk',
    settings: {
      url,
      username: env.KVORUM_E2E_ARI_USER || 'kvorum',
      password,
      callerApp: env.KVORUM_E2E_CALLER_APP || 'kvorum-e2e',
      kvorumApp: env.KVORUM_ARI_APP || 'kvorum',
      accessNumber: env.KVORUM_E2E_ACCESS_NUMBER || '22222222',
    },
  };
}

/** The suite's title: says, at the top of every report, which Asterisk the scenarios ran against. */
export function e2eSuiteTitle(target: E2ETarget = e2eTarget()): string {
  switch (target.kind) {
    case 'simulator':
      return 'end to end on the ARI simulator';
    case 'real-asterisk':
      return `end to end on the real Asterisk at ${target.settings.url}`;
    default:
      return assertNever(target);
  }
}

// Kept out of the static import graph: the real-Asterisk world is written by
// whoever runs Asterisk, and the suite must run on the simulator without it.
const REAL_ASTERISK_WORLD = './real-asterisk-world';

export async function startWorld(target: E2ETarget, options: SimulatorWorldOptions = {}): Promise<E2EWorld> {
  switch (target.kind) {
    case 'simulator':
      return startSimulatorWorld(options);
    case 'real-asterisk': {
      const world = (await import(/* @vite-ignore */ REAL_ASTERISK_WORLD)) as RealAsteriskWorldModule;
      return world.startRealAsteriskWorld(target.settings);
    }
    default:
      return assertNever(target);
  }
}
