import { expect, it } from 'vitest';
import { seriousAxeViolations } from './support/axe';
import { describeInChromium, pageProblems } from './support/chromium';
import { portalWorldOfThisFile, type PortalRole } from './support/portal-world';
import { screenshot } from './support/screenshots';
import { expectNoProblems, navigationOf, signIn } from './support/sign-in';

const SLOW = 90_000;

describeInChromium('the portal: signing in, per role, in chromium', () => {
  const world = portalWorldOfThisFile();

  it(
    'shows the sign-in page, in Norwegian, with no serious accessibility problem and nothing refused by the CSP',
    async () => {
      const page = await world().chromium.newPage();
      await page.goto('/rooms');
      await page.getByRole('heading', { name: 'Logg inn i Kvorum' }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('nb');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in');
      expectNoProblems(pageProblems(page));
    },
    SLOW,
  );

  it(
    'says a wrong password plainly, and the same for an unknown e-mail',
    async () => {
      const page = await world().chromium.newPage();
      await page.goto('/');
      await page.getByLabel('E-post').fill(world().people['org-admin'].email);
      await page.getByLabel('Passord').fill('not the password');
      await page.getByRole('button', { name: 'Logg inn' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Feil e-post eller passord.');
      await page.getByLabel('E-post').fill('nobody@example.no');
      await page.getByRole('button', { name: 'Logg inn' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Feil e-post eller passord.');
    },
    SLOW,
  );

  const navigation: Array<[PortalRole, string[]]> = [
    ['operator', ['Møterom', 'Brukere', 'Møter nå', 'Bruk', 'Fakturering', 'Min konto']],
    ['reseller', ['Møterom', 'Brukere', 'Møter nå', 'Bruk', 'Fakturering', 'Min konto']],
    ['org-admin', ['Møterom', 'Brukere', 'Møter nå', 'Bruk', 'Fakturering', 'Min konto']],
    ['user', ['Møterom', 'Møter nå', 'Min konto']],
    ['finance', ['Bruk', 'Fakturering', 'Min konto']],
  ];
  it.each(navigation)(
    '%s signs in and sees only the pages of its role',
    async (role, pages) => {
      const page = await world().chromium.newPage();
      await signIn(page, world().people[role]);
      expect(await navigationOf(page)).toEqual(pages);
      expectNoProblems(pageProblems(page));
    },
    SLOW,
  );

  it(
    'signs in with the keyboard alone, switches to English and signs out',
    async () => {
      const page = await world().chromium.newPage();
      const person = world().people['org-admin'];
      await page.goto('/');
      await page.getByRole('heading', { name: 'Logg inn i Kvorum' }).waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type(person.email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(person.password);
      await page.keyboard.press('Enter');
      await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
      await page.getByLabel('Språk').first().selectOption('en');
      await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
      expect(await navigationOf(page, 'Main navigation')).toEqual(['Rooms', 'Users', 'Live meetings', 'Usage', 'Billing', 'My account']);
      await page.getByRole('button', { name: 'Sign out' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Sign in to Kvorum' }).waitFor();
      // Signed out for the server too: the cookie no longer opens the API.
      expect((await page.request.get('/api/v1/session')).status()).toBe(401);
    },
    SLOW,
  );
});
