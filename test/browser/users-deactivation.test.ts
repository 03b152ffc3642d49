import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousAxeViolations } from './support/axe';
import { describeInChromium } from './support/chromium';
import { portalWorldOfThisFile, type Person } from './support/portal-world';
import { checkedPage, focused } from './support/checked-page';
import { signIn } from './support/sign-in';

const SLOW = 120_000;

const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];

/** An instant as the Norwegian page writes its day in Oslo: `1. desember 2026`. */
function osloDay(instant: string): string {
  const [year, month, day] = new Date(instant).toLocaleDateString('en-CA', { timeZone: 'Europe/Oslo' }).split('-').map(Number);
  return `${day}. ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

/** What the sign-in page says when `person` signs in with `password`. */
async function signInRefusal(page: Page, person: Person, password: string): Promise<string | null> {
  await page.goto('/');
  await page.getByLabel('E-post').fill(person.email);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  return alert.textContent();
}

describeInChromium('the portal: deactivating and reactivating users, in chromium', () => {
  const world = portalWorldOfThisFile();

  it(
    'an org admin deactivates a user, who is refused as with a wrong password, then reactivates it, and the user signs in',
    async () => {
      const ulf = world().people.user;
      const admin = await world().chromium.newPage();
      await signIn(admin, world().people['org-admin']);
      await admin.goto('/users');
      const row = admin.getByRole('row').filter({ hasText: ulf.name });
      await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe('Aktiv');

      // With the keyboard: the button, then its confirmation.
      await row.getByRole('button', { name: `Deaktiver ${ulf.name}` }).press('Enter');
      await expect.poll(() => focused(admin)).toBe(`Ja, deaktiver ${ulf.name}`);
      await admin.keyboard.press('Enter');
      await expect.poll(() => admin.getByRole('status').textContent()).toBe(`${ulf.name} er deaktivert.`);
      // The focus stays where the action was: on what replaced it.
      await expect.poll(() => focused(admin)).toBe(`Aktiver ${ulf.name} igjen`);
      const stored = await world().bridge.api(world().operatorToken, 'GET', `/users/${ulf.userId}`);
      expect(stored.json.active).toBe(false);
      const since = `Deaktivert siden ${osloDay(stored.json.deactivatedAt as string)}`;
      await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe(since);
      await checkedPage(admin, 'users-deactivated');

      // Signing in is refused with the very words of a wrong password: the page does not tell that the account exists.
      const ulfsPage = await world().chromium.newPage();
      const wrongPassword = await signInRefusal(ulfsPage, ulf, 'not the password');
      expect(wrongPassword).toBe('Feil e-post eller passord.');
      expect(await signInRefusal(ulfsPage, ulf, ulf.password)).toBe(wrongPassword);

      // The user's page says since when, and reactivates.
      await row.getByRole('link', { name: ulf.name }).click();
      await admin.getByRole('heading', { name: ulf.name, level: 1 }).waitFor();
      await admin.getByText(since).waitFor();
      await checkedPage(admin, 'user-deactivated');
      await admin.getByRole('button', { name: `Aktiver ${ulf.name} igjen` }).press('Enter');
      await expect.poll(() => admin.getByRole('status').textContent()).toBe(`${ulf.name} er aktivert igjen.`);
      await admin.getByText(`${ulf.email} · Aktiv`).waitFor();
      await admin.getByRole('button', { name: `Deaktiver ${ulf.name}` }).waitFor();
      expect((await world().bridge.api(world().operatorToken, 'GET', `/users/${ulf.userId}`)).json.active).toBe(true);

      await signIn(ulfsPage, ulf);
    },
    SLOW,
  );

  it(
    "deactivating oneself, or an admin of one's own rank, is refused with the server's reason, and nobody is deactivated",
    async () => {
      const ada = world().people['org-admin'];
      const peer = await world().bridge.api(world().operatorToken, 'POST', '/users', {
        organisationId: ada.organisationId,
        name: 'Per Likemann',
        role: 'org-admin',
      });
      expect(peer.status).toBe(201);
      const page = await world().chromium.newPage();
      await signIn(page, ada);
      await page.goto('/users');

      const own = page.getByRole('row').filter({ hasText: ada.name });
      await own.getByRole('button', { name: `Deaktiver ${ada.name}` }).click();
      await own.getByRole('button', { name: `Ja, deaktiver ${ada.name}` }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe('Avvist: you cannot deactivate yourself: another admin must do it');

      const peers = page.getByRole('row').filter({ hasText: 'Per Likemann' });
      await peers.getByRole('button', { name: 'Deaktiver Per Likemann' }).click();
      await peers.getByRole('button', { name: 'Ja, deaktiver Per Likemann' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Avvist: your role cannot deactivate a user with role org-admin');
      for (const row of [own, peers]) expect(await row.getByRole('cell').nth(3).textContent()).toBe('Aktiv');

      for (const userId of [ada.userId, peer.json.id as string]) {
        expect((await world().bridge.api(world().operatorToken, 'GET', `/users/${userId}`)).json.active).toBe(true);
      }
    },
    SLOW,
  );

  it(
    'in English: the state with its Norwegian date, reactivate, and delete saying what stays',
    async () => {
      const frida = world().people.finance;
      const deactivated = await world().bridge.api(world().operatorToken, 'POST', `/users/${frida.userId}/deactivate`);
      expect(deactivated.status).toBe(200);
      const since = `Deactivated since ${osloDay(deactivated.json.deactivatedAt as string)}`;
      const page = await world().chromium.newPage();
      await signIn(page, world().people['org-admin']);
      await page.getByLabel('Språk').first().selectOption('en');
      await page.goto('/users');
      const row = page.getByRole('row').filter({ hasText: frida.name });
      await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe(since);
      await row.getByRole('button', { name: `Reactivate ${frida.name}` }).waitFor();

      await row.getByRole('link', { name: frida.name }).click();
      await page.getByRole('heading', { name: 'Delete the user', level: 2 }).waitFor();
      await page.getByText('Its rooms stay with the organisation and keep working with the same codes.', { exact: false }).waitFor();
      await page.getByRole('button', { name: `Delete ${frida.name}` }).press('Enter');
      await page.getByRole('button', { name: `Yes, delete ${frida.name} for good` }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Cancel' }).press('Enter');
      await page.getByRole('button', { name: `Reactivate ${frida.name}` }).press('Enter');
      await expect.poll(() => page.getByRole('status').textContent()).toBe(`${frida.name} was reactivated.`);
      expect((await world().bridge.api(world().operatorToken, 'GET', `/users/${frida.userId}`)).json.active).toBe(true);
    },
    SLOW,
  );
});
