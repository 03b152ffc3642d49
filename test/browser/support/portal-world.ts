import { resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { isBuiltPortal } from '../../../src/adapters/http/portal-static';
import { BridgeUnderTest } from '../../e2e/support/bridge-under-test';
import { launchChromium, type RunningChromium } from './chromium';

const PORTAL_DIR = resolve('dist/portal');

export type PortalRole = 'operator' | 'reseller' | 'org-admin' | 'user' | 'finance';

export interface Person {
  userId: string;
  organisationId: string;
  email: string;
  password: string;
  name: string;
}

/**
 * Kvorum in this process on 127.0.0.1 (free port) with a real SQLite
 * database and the ARI simulator, serving the built portal, and chromium to
 * use it. The people, one per role, get their passwords the way people do:
 * an operator makes a reset code (POST /users/:id/password-reset) and they
 * choose a password with it (POST /password).
 * - `acme`: an org admin, a user and finance; `resold`, resold by the reseller;
 * - `other`: an organisation with its own admin and a room nobody else may see.
 */
export class PortalWorld {
  private constructor(
    readonly bridge: BridgeUnderTest,
    readonly chromium: RunningChromium,
    readonly baseUrl: string,
    readonly operatorToken: string,
    readonly people: Record<PortalRole | 'other-admin', Person>,
    readonly otherRoomId: string,
  ) {}

  static async start(): Promise<PortalWorld> {
    // `npm test` builds first; a single file run builds the portal when no build is there.
    if (!isBuiltPortal(PORTAL_DIR)) await build({ configFile: 'portal/vite.config.ts' });
    const bridge = await BridgeUnderTest.start({ env: { KVORUM_PORTAL_DIR: PORTAL_DIR } });
    const operatorToken = await bridge.operatorToken();
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await bridge.api(operatorToken, method, path, body);
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
      return response.json;
    };
    const platform = (await call('GET', '/me')).user.organisationId as string;
    const organisation = async (name: string, resellerOrganisationId: string | null = null) =>
      (await call('POST', '/organisations', { name, billingReference: '987654321', resellerOrganisationId })).id as string;
    const resellerOrg = await organisation('Reseller AS');
    const acme = await organisation('Acme');
    const other = await organisation('Other Org');
    await organisation('Resold AS', resellerOrg);

    const person = async (organisationId: string, role: string, name: string): Promise<Person> => {
      const email = `${role}.${organisationId.slice(-6)}@example.no`;
      const user = await call('POST', '/users', { organisationId, name, email, role });
      const { resetCode } = await call('POST', `/users/${user.id}/password-reset`);
      const password = `Portal-${role}-passord-2026!`;
      const set = await fetch(`http://127.0.0.1:${bridge.httpPort}/api/v1/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, resetCode, newPassword: password }),
      });
      if (set.status !== 204) throw new Error(`POST /password: ${set.status} ${await set.text()}`);
      return { userId: user.id, organisationId, email, password, name };
    };
    const people = {
      operator: await person(platform, 'operator', 'Olga Operatør'),
      reseller: await person(resellerOrg, 'reseller', 'Rita Forhandler'),
      'org-admin': await person(acme, 'org-admin', 'Ada Admin'),
      user: await person(acme, 'user', 'Ulf Bruker'),
      finance: await person(acme, 'finance', 'Frida Økonomi'),
      'other-admin': await person(other, 'org-admin', 'Otto Annen'),
    };
    const otherRoom = await call('POST', '/conferences', { organisationId: other, name: 'Annen organisasjons rom' });
    const baseUrl = `http://127.0.0.1:${bridge.httpPort}`;
    return new PortalWorld(bridge, launchChromium(baseUrl), baseUrl, operatorToken, people, otherRoom.conference.id as string);
  }

  async close(): Promise<void> {
    await this.chromium.close();
    await this.bridge.close();
  }
}

/** The world of the test file that calls it, started before its tests and closed after them. */
export function portalWorldOfThisFile(): () => PortalWorld {
  let world: PortalWorld | undefined;
  beforeAll(async () => {
    world = await PortalWorld.start();
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (world === undefined) throw new Error('the portal world did not start');
    return world;
  };
}
