import { readFileSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command-group';
import { reportCommand } from '../../src/cli/report-command';
import { runCli } from '../../src/cli/run-cli';
import { seriousAxeViolations } from './support/axe';
import { describeInChromium } from './support/chromium';
import { portalWorldOfThisFile, type PortalWorld } from './support/portal-world';
import { checkedPage } from './support/checked-page';
import { signIn } from './support/sign-in';

const SLOW = 120_000;
const PUSHED_WITHIN_MS = 10_000;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
  new Date(),
);
const firstOfMonth = `${today.slice(0, 8)}01`;

/**
 * Live meetings, usage and billing in Debian's chromium, against Kvorum on
 * 127.0.0.1 with the ARI simulator placing the calls: an org admin watches
 * callers arrive, mutes and admits them from the page, reads the usage and
 * downloads the month's charges; another organisation's admin sees none of it.
 */
describeInChromium('the portal: live meetings, usage and billing, in chromium', () => {
  const world = portalWorldOfThisFile();
  let admin: Page;
  beforeAll(async () => {
    admin = await world().chromium.newPage();
    await signIn(admin, world().people['org-admin']);
  }, 60_000);
  const acme = () => world().people['org-admin'].organisationId;

  it(
    'a caller who dials in shows up without a reload; muted from the page, the bridge mutes them',
    async () => {
      const { bridge } = world();
      const other = await world().chromium.newPage();
      await signIn(other, world().people['other-admin']);
      await other.getByRole('link', { name: 'Møter nå' }).click();
      await other.getByText('Ingen møter pågår akkurat nå.').waitFor();

      const codes = await bridge.conferenceWithCodes({ name: 'Styrerommet', organisationId: acme() });
      await admin.getByRole('link', { name: 'Møter nå' }).click();
      await admin.getByText('Ingen møter pågår akkurat nå.').waitFor();
      // No reload: the stream pushes the change (at most 250 ms after it, see
      // src/adapters/http/live-event-stream.ts); the wait is generous so a busy CI machine cannot
      // turn the page's render time into a failure.
      const leader = await bridge.joinMeeting(codes.leaderCode, '+4791234567');
      await admin.getByRole('link', { name: 'Styrerommet' }).waitFor({ timeout: PUSHED_WITHIN_MS });
      await checkedPage(admin, 'live');

      await admin.getByRole('link', { name: 'Styrerommet' }).click();
      await admin.getByRole('heading', { name: 'Møte nå: Styrerommet' }).waitFor();
      const participant = await bridge.joinMeeting(codes.participantCode, '+4798765432');
      const participantRow = admin.getByRole('row').filter({ hasText: '+47xxxxxx32' });
      await participantRow.getByText('I møtet').waitFor({ timeout: PUSHED_WITHIN_MS });
      await admin.getByRole('row').filter({ hasText: '+47xxxxxx67' }).getByText('Møteleder').waitFor();

      await admin.getByRole('button', { name: 'Demp +47xxxxxx32' }).click();
      await participant.waitForMuted(true);
      expect(await bridge.canHear(leader, participant)).toBe(false);
      await participantRow.getByText('Ja, av verten').waitFor();
      await admin.getByRole('button', { name: 'Opphev demping av +47xxxxxx32' }).waitFor();
      await checkedPage(admin, 'live-meeting');

      // The other organisation's admin was told nothing, and cannot open the meeting by its address.
      expect(await other.getByText('Ingen møter pågår akkurat nå.').isVisible()).toBe(true);
      await other.goto(`/live/${codes.conferenceId}`);
      await other.getByText('Dette møtet pågår ikke').waitFor();

      await participant.hangUp();
      await leader.hangUp();
      await admin.getByText('Dette møtet pågår ikke').waitFor();
    },
    SLOW,
  );

  it(
    'a caller waiting in the lobby is admitted from the page and joins the meeting',
    async () => {
      const { bridge } = world();
      const codes = await bridge.conferenceWithCodes({ name: 'Legekontoret', admissionRequired: true, organisationId: acme() });
      const doctor = await bridge.joinMeeting(codes.leaderCode);
      const patient = await bridge.callIn(codes.participantCode, '+4740000011');
      await patient.waitForPrompt({ key: 'lobby.wait' });
      await admin.goto(`/live/${codes.conferenceId}`);
      const row = admin.getByRole('row').filter({ hasText: '+47xxxxxx11' });
      await row.getByText('Venter i lobbyen').waitFor();
      await admin.getByRole('button', { name: 'Slipp inn +47xxxxxx11' }).click();
      await patient.waitForPrompt({ key: 'lobby.admitted' });
      await patient.waitForBridge('mixing');
      await row.getByText('I møtet').waitFor();
      await patient.hangUp();
      await doctor.hangUp();
    },
    SLOW,
  );

  it(
    "usage shows this month's meetings in charts; a reseller sees its customers together",
    async () => {
      await admin.getByRole('link', { name: 'Bruk', exact: true }).click();
      await admin.getByRole('heading', { name: 'Deltakerminutter per dag' }).waitFor();
      const meetings = admin.locator('dl').getByText('Møter', { exact: true }).locator('..').locator('dd');
      await expect.poll(() => meetings.textContent()).toBe('2');
      expect(await admin.locator('.recharts-surface').count()).toBe(3);
      await admin.getByRole('table', { name: 'Bruk per rom' }).getByRole('cell', { name: 'Styrerommet' }).waitFor();
      await checkedPage(admin, 'usage');

      // A reseller starts with its customers and itself together, one row each, and nobody else.
      const reseller = await world().chromium.newPage();
      await signIn(reseller, world().people.reseller);
      await reseller.getByRole('link', { name: 'Bruk', exact: true }).click();
      const byOrganisation = reseller.getByRole('table', { name: 'Bruk per organisasjon' });
      await byOrganisation.waitFor();
      expect(await byOrganisation.getByRole('row').allTextContents()).toHaveLength(3);
      await byOrganisation.getByRole('cell', { name: 'Resold AS' }).waitFor();
      await byOrganisation.getByRole('cell', { name: 'Reseller AS' }).waitFor();
      expect(await reseller.getByText('Acme').count()).toBe(0);
      expect(await seriousAxeViolations(reseller)).toEqual([]);
    },
    SLOW,
  );

  it(
    'the charge report on screen, and its CSV download byte for byte what `kvorum report charges` writes',
    async () => {
      await admin.getByRole('link', { name: 'Fakturering' }).click();
      await admin.getByRole('heading', { name: 'Avgiftsrapport' }).waitFor();
      await admin.getByRole('table', { name: /^Møter for Acme/ }).waitFor();
      await checkedPage(admin, 'billing');

      const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'Last ned CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`charges-${firstOfMonth}-${today}.csv`);
      const downloaded = readFileSync(await download.path());
      expect(downloaded.toString('utf8')).toContain('Styrerommet');
      const fromCli = await cliReport(world(), ['--from', firstOfMonth, '--to', today, '--account', acme()]);
      expect(downloaded.equals(fromCli)).toBe(true);
    },
    SLOW,
  );

  it(
    'while the charge report is on its way the page says so; "no charges" only when the answer says there are none',
    async () => {
      // The report is held back at the browser until the test lets it through: the page must not guess meanwhile.
      const held: Route[] = [];
      await admin.route(/\/api\/v1\/reports\/charges\?.*format=json/, (route) => void held.push(route));
      const waiting = admin.getByRole('status').filter({ hasText: 'Henter avgiftsrapporten …' });
      const none = admin.getByText('Ingen avgifter i denne perioden.');
      const meetings = admin.getByRole('table', { name: /^Møter for Acme/ });
      try {
        await admin.goto('/billing');
        await expect.poll(() => held.length).toBe(1);
        await waiting.waitFor();
        expect(await none.count()).toBe(0);
        expect(await meetings.count()).toBe(0);
        await held.shift()?.continue();
        await meetings.waitFor();
        expect(await waiting.count()).toBe(0);
        expect(await none.count()).toBe(0);

        // A month without meetings, fees or adjustments: loading first, then "none", because the answer says so.
        await admin.getByLabel('Til og med').fill('2025-01-31');
        await admin.getByLabel('Fra').fill('2025-01-01');
        await expect.poll(() => held.length).toBeGreaterThanOrEqual(2);
        await waiting.waitFor();
        expect(await none.count()).toBe(0);
        // Only the last period asked for is answered; the earlier requests were cancelled by the page.
        for (const route of held.splice(0)) await route.continue().catch(() => undefined);
        await none.waitFor();
        expect(await meetings.count()).toBe(0);
        expect(await waiting.count()).toBe(0);
        await admin.getByRole('heading', { name: /^Acme \(fakturareferanse/ }).waitFor();
        expect(await seriousAxeViolations(admin)).toEqual([]);
      } finally {
        await admin.unrouteAll({ behavior: 'ignoreErrors' });
      }
    },
    SLOW,
  );

  it(
    'finance reads the billing but changes nothing; the operator may add a VAT rate',
    async () => {
      const finance = await world().chromium.newPage();
      await signIn(finance, world().people.finance);
      await finance.getByRole('link', { name: 'Fakturering' }).click();
      await finance.getByRole('heading', { name: 'Tariffer' }).waitFor();
      expect(await finance.getByRole('button', { name: /Legg til/ }).count()).toBe(0);
      expect(await finance.getByRole('link', { name: 'Møter nå' }).count()).toBe(0);

      const operator = await world().chromium.newPage();
      await signIn(operator, world().people.operator);
      await operator.getByRole('link', { name: 'Fakturering' }).click();
      await operator.getByRole('heading', { name: 'Mva.-satser' }).waitFor();
      await operator.getByLabel('Ny mva.-sats i prosent').fill('abc');
      const vatForm = operator.locator('form').filter({ has: operator.getByLabel('Ny mva.-sats i prosent') });
      await vatForm.getByLabel('Fra dagen').fill('2099-01-01');
      await operator.getByRole('button', { name: 'Legg til mva.-satsen' }).click();
      await operator.getByText('Oppgi en prosent, f.eks. 25 eller 12,5.').waitFor();
      await operator.getByLabel('Ny mva.-sats i prosent').fill('12,5');
      await operator.getByRole('button', { name: 'Legg til mva.-satsen' }).click();
      await operator
        .getByRole('cell', { name: '12.5 %' })
        .or(operator.getByRole('cell', { name: '12,5 %' }))
        .waitFor();
      const rates = await world().bridge.api(world().operatorToken, 'GET', '/vat-rates');
      expect(rates.json.vatRates.map((rate: { vatRateBasisPoints: number }) => rate.vatRateBasisPoints)).toContain(1250);
    },
    SLOW,
  );
});

/** What `kvorum report charges <args>` writes to standard output, on the bridge's database. */
async function cliReport(world: PortalWorld, args: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const printed: string[] = [];
  const cli: CliContext = {
    env: { KVORUM_DB_PATH: world.bridge.database.path, KVORUM_LOG_LEVEL: 'silent', KVORUM_TIME_ZONE: 'Europe/Oslo' },
    out: (text) => printed.push(text),
    write: (chunk) => void chunks.push(Buffer.from(chunk)),
    err: (text) => printed.push(text),
    now: () => Date.now(),
  };
  expect(await runCli(['report', 'charges', ...args], { report: reportCommand }, cli)).toBe(0);
  expect(printed).toEqual([]);
  return Buffer.concat(chunks);
}
