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

/** The text of the element that has the keyboard's focus: where a keyboard user is after an action. */
export function focusedText(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.activeElement?.textContent?.trim());
}
