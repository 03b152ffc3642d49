import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { generateSounds } from '../../scripts/prompts/generator';

/**
 * vitest globalSetup: makes the catalogue's sound files once per run, as
 * `npm run prompts:generate` does, into a cache under node_modules (only
 * files whose inputs changed are made again; `npm ci` starts it afresh), and
 * points the simulator at them and at Debian's core sounds, so every
 * simulated prompt lasts as long as the real file.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The sounds directory the catalogue was generated into (`<dir>/nb/kvorum/...`). */
    generatedSounds: string;
  }
}

const DEBIAN_SOUNDS = '/usr/share/asterisk/sounds';
const repository = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(project: TestProject): Promise<void> {
  if (!existsSync(join(DEBIAN_SOUNDS, 'en', 'conf-getpin.wav'))) {
    throw new Error(
      `Asterisk's English core sounds are not in ${DEBIAN_SOUNDS}/en: apt-get install asterisk-core-sounds-en-wav (.ci/run does)`,
    );
  }
  const out = join(repository, 'node_modules', '.cache', 'kvorum-sounds');
  await generateSounds({ out, overrides: join(repository, 'recordings'), coreSounds: join(DEBIAN_SOUNDS, 'en') });
  process.env.KVORUM_SIM_SOUNDS = [out, DEBIAN_SOUNDS].join(delimiter);
  project.provide('generatedSounds', out);
}
