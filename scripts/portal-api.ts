/**
 * `npm run portal:api`: writes the portal's API types
 * (portal/src/api/schema.ts) and the roles of each operation
 * (portal/src/api/operation-roles.ts) from the OpenAPI document the server
 * builds from its route declarations, so the portal's client is typed by the
 * same schemas that validate the requests. test/unit/portal-api-types.test.ts
 * fails when the committed files are not what this writes.
 */
import { writeFileSync } from 'node:fs';
import { portalApiFiles } from './portal-api-types';

for (const [file, text] of Object.entries(await portalApiFiles())) {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file}\n`);
}
