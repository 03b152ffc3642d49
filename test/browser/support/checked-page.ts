import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAxeViolations } from './axe';
import { pageProblems } from './chromium';
import { screenshot } from './screenshots';
import { expectNoProblems } from './sign-in';

/** The page passes axe (no serious or critical violation) and the CSP, and is kept as docs/portal/<name>.png when asked. */
export async function checkedPage(page: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(page), name).toEqual([]);
  expectNoProblems(pageProblems(page));
  await screenshot(page, name);
}

/** The text of the element that has the keyboard's focus (its id with `of: 'id'`): where a keyboard user is after an action. */
export async function focused(page: Page, of: 'text' | 'id' = 'text'): Promise<string> {
  // A string, evaluated in the page: the test's own TypeScript knows no DOM.
  const found = await page.evaluate(of === 'id' ? 'document.activeElement?.id' : 'document.activeElement?.textContent?.trim()');
  return String(found);
}
