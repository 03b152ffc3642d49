// @ts-check
/**
 * Lint for Kvorum: typescript-eslint's type-checked recommendations, and the
 * import boundaries of the architecture (docs/architecture.md explains each).
 * A boundary break names its rule in brackets, e.g. `[boundary domain-is-pure]`,
 * so a failing CI line says which promise was broken.
 *
 * The boundaries are `no-restricted-imports` blocks per folder. ESLint does
 * not merge two blocks of the same rule for one file (the later one wins), so
 * `restrictionsFor` builds the whole list for each folder in one place.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Libraries only one adapter may import: the adapter is the only place that knows them. */
const LIBRARY_OWNERS = [
  { name: 'ari-client', owner: 'src/adapters/ari' },
  { name: 'ws', owner: 'src/adapters/ari' },
  { name: 'better-sqlite3', owner: 'src/adapters/db' },
  { name: 'pg', owner: 'src/adapters/db' },
  { name: 'express', owner: 'src/adapters/http' },
  { name: 'prom-client', owner: 'src/adapters/metrics' },
];

/**
 * Libraries the domain may compute with: pure (no I/O, no clock, no state),
 * so a rule that uses one is still a pure function of its inputs. rrule
 * expands RFC 5545 recurrences (domain/booking/recurrence.ts); given every
 * date it needs, it never reads the clock.
 */
const PURE_LIBRARIES = ['rrule'];

/** An import path that names a folder or module of another layer, at any depth of `../`. */
const into = (...names) => `(^|/)(${names.join('|')})(/|$)`;

const DOMAIN_IS_PURE =
  '[boundary domain-is-pure] src/domain imports only src/domain: no node:*, no library but the pure ones named in eslint.config.js (rrule), ' +
  'nothing from app, adapters, cli or the composition. ' +
  'Time arrives on events and effects leave as data (docs/architecture.md).';
const APP_NOT_ADAPTERS =
  '[boundary app-not-adapters] src/app talks to the world through its ports (src/app/ports); the adapters implement them and ' +
  'src/start-kvorum.ts wires them in.';
const CLI_NOT_HTTP = '[boundary cli-not-http] the command line goes through the app services; the HTTP adapter is another edge.';
const CLI_THROUGH_SERVICES =
  '[boundary cli-through-services] the command line uses the app services (src/store-services.ts wires them), never the stores: ' +
  'the rules live in the services. Of adapters/db it may open and migrate the configured store, back up a SQLite file and hash and seal codes.';
const PORTAL_IS_A_CLIENT =
  '[boundary portal-is-a-client] portal/ runs in the browser and knows the bridge only through /api/v1: it imports nothing from src/ ' +
  '(its types come from the OpenAPI document, portal/src/api/schema.ts), so no rule of the core is written twice.';
const SIMULATOR_STANDS_ALONE =
  '[boundary simulator-stands-alone] simulator/ is a fake Asterisk at the protocol level: it imports nothing from src/, ' +
  'so it cannot share a mistake with the bridge it tests.';

/** @param {string} folder the folder the files live in, e.g. `src/app` */
function restrictionsFor(folder) {
  const patterns = [];
  const paths = [];
  for (const { name, owner } of LIBRARY_OWNERS) {
    if (folder === owner || folder === 'src/domain') continue;
    paths.push({ name, message: `[boundary only-${owner.split('/').pop()}-imports-${name}] only ${owner} imports ${name}.` });
  }
  if (folder === 'src/domain') {
    // Anything not relative is a library or node:*, except the pure libraries the domain may compute with;
    // relative paths must not climb into another layer.
    patterns.push({ regex: `^(?!(${PURE_LIBRARIES.join('|')})$)[^.]`, message: DOMAIN_IS_PURE });
    patterns.push({
      regex: into('app', 'adapters', 'cli', 'logger', 'config', 'start-kvorum', 'store-services', 'media-server-bridges', 'main'),
      message: DOMAIN_IS_PURE,
    });
  }
  if (folder === 'src/app')
    patterns.push({
      regex: into('adapters', 'cli', 'start-kvorum', 'store-services', 'media-server-bridges', 'main'),
      message: APP_NOT_ADAPTERS,
    });
  if (folder === 'src/cli') {
    patterns.push({ regex: into('http'), message: CLI_NOT_HTTP });
    patterns.push({
      regex: '(^|/)db/(?!(backup|code-hash|code-seal|sql/open-sql-database|sql/sql-database|sql/store-location)$)',
      message: CLI_THROUGH_SERVICES,
    });
  }
  return { paths, patterns };
}

const boundaryBlock = (folder, files = [`${folder}/**/*.ts`]) => ({
  files,
  rules: { 'no-restricted-imports': ['error', restrictionsFor(folder)] },
});

export default defineConfig(
  // portal/src/api/schema.ts is generated (npm run portal:api); a test checks it is current.
  { ignores: ['node_modules/', 'data/', 'coverage/', 'dist/', 'portal/src/api/schema.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An async function without await is how an implementation of a Promise-returning port (a fake
      // telephony, a test world) turns a throw into a rejection, as the port promises; the rule would
      // push Promise.reject boilerplate into every such method.
      '@typescript-eslint/require-await': 'off',
      // `_name` marks a parameter or binding kept for its position (express's error middleware needs four).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests read JSON answers and child-process output whose shape the assertions check:
    // there `any` is the honest type, and the no-unsafe-* rules would only add casts.
    files: ['test/**/*.ts', 'simulator/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  boundaryBlock('src', ['src/**/*.ts']),
  boundaryBlock('src/domain'),
  boundaryBlock('src/app'),
  boundaryBlock('src/cli'),
  ...LIBRARY_OWNERS.map(({ owner }) => owner)
    .filter((owner, index, owners) => owners.indexOf(owner) === index)
    .map((owner) => boundaryBlock(owner)),
  {
    files: ['portal/**/*.ts', 'portal/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: into('src'), message: PORTAL_IS_A_CLIENT }] }] },
  },
  {
    files: ['simulator/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: into('src'), message: SIMULATOR_STANDS_ALONE }] }] },
  },
);
