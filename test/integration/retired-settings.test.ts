import { afterEach, expect, it } from 'vitest';
import { adminApiRequest } from '../support/admin-api-request';
import { KvorumProcess, operatorToken } from './crash-harness';
import { ResilienceWorld } from './resync-harness';

let world: ResilienceWorld;
let kvorum: KvorumProcess | null = null;

afterEach(async () => {
  await kvorum?.signal('SIGKILL');
  kvorum = null;
  await world.close();
});

it('an operator who still sets a variable Kvorum no longer reads is told at start where the setting went; it changes nothing', async () => {
  world = await ResilienceWorld.start();
  const started = await KvorumProcess.start(world, {
    env: {
      KVORUM_ACCESS_NUMBERS: JSON.stringify([{ number: '+4580000000', language: 'en', label: 'Danmark' }]),
      KVORUM_GUESS_TRACKED_NUMBERS: '5000',
    },
  });
  kvorum = started.process;

  const named = (name: string) => kvorum!.waitForLog((line) => line.msg.startsWith(`${name} `), `Kvorum names ${name}`);
  expect(await named('KVORUM_ACCESS_NUMBERS')).toMatchObject({ level: 40, msg: expect.stringContaining('kvorum access-numbers') });
  expect(await named('KVORUM_GUESS_TRACKED_NUMBERS')).toMatchObject({ level: 40, msg: expect.stringContaining('docs/security.md') });
  const directory = await adminApiRequest(started.httpPort, await operatorToken(world), 'GET', '/access-numbers');
  expect(directory.json.accessNumbers.map((entry: { internationalNumber: string }) => entry.internationalNumber)).toEqual(['+4722222222']);
});
