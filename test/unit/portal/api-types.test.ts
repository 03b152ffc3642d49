import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { portalApiFiles } from '../../../scripts/portal-api-types';

describe("the portal's API types", () => {
  it('are what the OpenAPI document of /api/v1 makes today (run `npm run portal:api` after changing a route)', async () => {
    for (const [file, text] of Object.entries(await portalApiFiles())) {
      expect(readFileSync(file, 'utf8'), `${file} is stale: run npm run portal:api`).toBe(text);
    }
  });
});
