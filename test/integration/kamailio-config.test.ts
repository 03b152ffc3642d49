import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DEPLOY = join(import.meta.dirname, '../../deploy/kamailio');
const installed = spawnSync('kamailio', ['-v']).status === 0;

/** `kamailio -c`: parses the configuration, loads its modules and checks every route, without listening. */
function check(configFile: string): { status: number | null; output: string } {
  const run = spawnSync('kamailio', ['-c', '-f', configFile, '-A', `DISPATCHER_LIST="${join(DEPLOY, 'dispatcher.list')}"`], {
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The edge's Kamailio (deploy/kamailio), checked by Kamailio itself (Debian's `kamailio`, which .ci/run installs). */
describe.skipIf(!installed)('the SIP edge (deploy/kamailio/kamailio.cfg)', () => {
  it('is a configuration Kamailio accepts', () => {
    const { status, output } = check(join(DEPLOY, 'kamailio.cfg'));
    expect({ status, ok: output.includes('config file ok') }, output).toEqual({ status: 0, ok: true });
  });

  it('is checked for real: a broken copy is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvorum-kamailio-'));
    try {
      const broken = join(dir, 'kamailio.cfg');
      writeFileSync(
        broken,
        readFileSync(join(DEPLOY, 'kamailio.cfg'), 'utf8').replace('ds_select_dst("1", "0")', 'ds_select_dst_nope("1")'),
      );
      expect(check(broken).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
