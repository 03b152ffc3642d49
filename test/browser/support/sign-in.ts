import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Person } from './portal-world';

/** Signs `person` in through the sign-in page, as a person would, and waits for the shell. */
export async function signIn(page: Page, person: Person): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-post').fill(person.email);
  await page.getByLabel('Passord').fill(person.password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
}

/** The names of the links in the main navigation. */
export async function navigationOf(page: Page, name = 'Hovedmeny'): Promise<string[]> {
  const links = page.getByRole('navigation', { name }).getByRole('link');
  return (await links.allTextContents()).map((text) => text.trim());
}

export function expectNoProblems(problems: string[]): void {
  expect(problems, 'the page logged CSP refusals or errors').toEqual([]);
}
