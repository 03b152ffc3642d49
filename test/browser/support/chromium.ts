import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';

/** Debian's chromium: no browser is downloaded (`.ci/run` installs the package when it is missing). */
export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe` for the browser tests: skipped, saying why, only when Debian's
 * chromium is not installed.
 */
export function describeInChromium(name: string, tests: () => void): void {
  if (existsSync(CHROMIUM)) describe(name, tests);
  else describe.skip(`${name} (skipped: ${CHROMIUM} is missing; apt-get install chromium, as .ci/run does)`, tests);
}

export interface RunningChromium {
  /** A page of a new chromium with a fresh profile (no cookies, no storage) on `baseUrl`, in `locale`. */
  newPage(options?: { locale?: string }): Promise<Page>;
  /** Closes every chromium it started and removes their profiles. */
  close(): Promise<void>;
}

/**
 * Chromium for the pages of a test file, each page in its own process with a
 * fresh --user-data-dir (playwright passes it as a persistent context's
 * folder), so one role's session never leaks into another's.
 */
export function launchChromium(baseUrl: string): RunningChromium {
  const started: Array<{ context: BrowserContext; profile: string }> = [];
  return {
    async newPage(options = {}) {
      const profile = mkdtempSync(join(tmpdir(), 'kvorum-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        args: FLAGS,
        headless: true,
        baseURL: baseUrl,
        locale: options.locale ?? 'nb-NO',
        viewport: { width: 1280, height: 860 },
      });
      started.push({ context, profile });
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      // The portal's Content-Security-Policy must allow everything it needs: a refusal is a bug.
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      pageProblemsOf.set(page, problems);
      return page;
    },
    async close() {
      for (const { context, profile } of started.splice(0)) {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

const pageProblemsOf = new WeakMap<Page, string[]>();

/** What the page logged as refused by the policy, or threw, so far. */
export function pageProblems(page: Page): string[] {
  return pageProblemsOf.get(page) ?? [];
}
