/**
 * Makes Kvorum's prompt sound files from the catalogue
 * (src/domain/prompts/catalogue.ts) into an Asterisk sounds directory:
 *
 *   npm run prompts:generate [-- --out build/sounds] [--overrides recordings] [--core-sounds DIR]
 *   npm run prompts:generate -- --out /var/lib/asterisk/sounds      (an Asterisk built from source)
 *   npm run prompts:generate -- --list                              (every file: language, name, source, text)
 *
 * --core-sounds is where Asterisk's English core sounds are; by default
 * <out>/en when they are there (a source build installs them so), otherwise
 * Debian's /usr/share/asterisk/sounds/en. See README, "Prompts and languages".
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROMPT_LANGUAGES } from '../../src/domain/prompts/languages';
import { soundUnits } from '../../src/domain/prompts/sound-units';
import { generateSounds } from './generator';

const DEBIAN_CORE_SOUNDS = '/usr/share/asterisk/sounds/en';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'build/sounds' },
    overrides: { type: 'string', default: 'recordings' },
    'core-sounds': { type: 'string' },
    list: { type: 'boolean', default: false },
  },
});

if (values.list) {
  for (const language of PROMPT_LANGUAGES) {
    for (const unit of soundUnits(language)) {
      const source = unit.core ? `core ${unit.core.join(' + ')}` : 'synthesised';
      console.log([language, unit.name, source, unit.text].join('\t'));
    }
  }
} else {
  const out = values.out;
  const coreSounds = values['core-sounds'] ?? (existsSync(join(out, 'en', 'conf-getpin.wav')) ? join(out, 'en') : DEBIAN_CORE_SOUNDS);
  try {
    const report = await generateSounds({ out, overrides: values.overrides, coreSounds, log: (line) => console.log(line) });
    console.log(`${out}: ${report.made} made, ${report.kept} unchanged, ${report.removed} removed`);
  } catch (error) {
    console.error(`prompts:generate: ${(error as Error).message}`);
    process.exit(1);
  }
}
