import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** Set to 1 to (re)write the screenshots; otherwise `npm test` and CI leave the committed files alone. */
const SCREENSHOTS_ENV = 'KVORUM_PORTAL_SCREENSHOTS';

/**
 * Writes the page as it looks now to docs/portal/<name>.png (the portal's
 * documentation shows them), only when KVORUM_PORTAL_SCREENSHOTS=1 asks.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env[SCREENSHOTS_ENV] !== '1') return;
  mkdirSync('docs/portal', { recursive: true });
  // From the top: a page scrolled to a control at its foot would show the fixed header in its middle.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `docs/portal/${name}.png`, fullPage: true, animations: 'disabled' });
}
