import type { AccessNumbersService } from '../app/admin/access-numbers-service';
import { accessNumberView } from '../app/admin/admin-views';
import { PROMPT_LANGUAGES } from '../domain/prompts/languages';
import { loadCliConfig, withServices } from './cli-database';
import { type CliContext, commandGroup } from './command-group';
import { languageOption, optionalLanguage } from './language-option';
import { parseOptions, requiredOption } from './parse-options';

const LANGUAGES = PROMPT_LANGUAGES.join('|');

/** The directory of access numbers, as the operator keeps it (the same service as /api/v1/access-numbers). */
export const accessNumbersCommand = commandGroup(
  [
    'access-numbers list',
    `access-numbers add --number N --international +N --label LABEL --language ${LANGUAGES}`,
    `access-numbers set --number N [--international +N] [--label LABEL] [--language ${LANGUAGES}]`,
    'access-numbers remove --number N',
  ],
  { list: listAccessNumbers, add: addAccessNumber, set: setAccessNumber, remove: removeAccessNumber },
  'command',
  { number: '--number', internationalNumber: '--international', label: '--label', defaultLanguage: '--language' },
);

const ENTRY_OPTIONS = {
  number: { type: 'string' },
  international: { type: 'string' },
  label: { type: 'string' },
  language: { type: 'string' },
} as const;

function withAccessNumbers<T>(context: CliContext, work: (accessNumbers: AccessNumbersService) => Promise<T>): Promise<T> {
  return withServices(context, loadCliConfig(context.env), { hashesCodes: false }, ({ admin }) => work(admin.accessNumbers));
}

async function listAccessNumbers(args: string[], context: CliContext): Promise<void> {
  parseOptions(args, {});
  const list = await withAccessNumbers(context, async (accessNumbers) => (await accessNumbers.list()).map(accessNumberView));
  context.out(JSON.stringify(list, null, 2));
}

async function addAccessNumber(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, ENTRY_OPTIONS);
  const entry = {
    number: requiredOption('--number', options.number),
    internationalNumber: requiredOption('--international', options.international),
    label: requiredOption('--label', options.label),
    defaultLanguage: languageOption(requiredOption('--language', options.language)),
  };
  const created = await withAccessNumbers(context, async (accessNumbers) => accessNumberView(await accessNumbers.create(entry)));
  context.out(JSON.stringify(created, null, 2));
}

async function setAccessNumber(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, ENTRY_OPTIONS);
  const number = requiredOption('--number', options.number);
  const defaultLanguage = optionalLanguage(options.language);
  const patch = {
    ...(options.international === undefined ? {} : { internationalNumber: options.international }),
    ...(options.label === undefined ? {} : { label: options.label }),
    ...(defaultLanguage ? { defaultLanguage } : {}),
  };
  const updated = await withAccessNumbers(context, async (accessNumbers) => accessNumberView(await accessNumbers.update(number, patch)));
  context.out(JSON.stringify(updated, null, 2));
}

async function removeAccessNumber(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { number: { type: 'string' } });
  const number = requiredOption('--number', options.number);
  await withAccessNumbers(context, (accessNumbers) => accessNumbers.delete(number));
  context.out(`access number ${number} removed`);
}
