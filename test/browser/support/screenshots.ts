import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** Writes the page as it looks now to docs/portal/<name>.png (the portal's documentation shows them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('docs/portal', { recursive: true });
  await page.screenshot({ path: `docs/portal/${name}.png`, fullPage: true, animations: 'disabled' });
}
