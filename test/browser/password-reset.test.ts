import { expect, it } from 'vitest';
import { seriousAxeViolations } from './support/axe';
import { describeInChromium, pageProblems } from './support/chromium';
import { portalWorldOfThisFile } from './support/portal-world';
import { screenshot } from './support/screenshots';
import { expectNoProblems, signIn } from './support/sign-in';

const SLOW = 120_000;

describeInChromium('the portal: redeeming a password reset code, in chromium', () => {
  const world = portalWorldOfThisFile();

  it(
    'an admin issues a code on the user page; the user redeems it, is told why a bad try fails, and signs in with the new password',
    async () => {
      const acme = world().people['org-admin'].organisationId;
      const created = await world().bridge.api(world().operatorToken, 'POST', '/users', {
        organisationId: acme,
        name: 'Kari Kode',
        email: 'kari.kode@example.no',
        role: 'user',
      });
      expect(created.status).toBe(201);

      const admin = await world().chromium.newPage();
      await signIn(admin, world().people['org-admin']);
      await admin.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Brukere' }).click();
      await admin.getByRole('link', { name: 'Kari Kode' }).click();
      await admin.getByRole('heading', { name: 'Kari Kode', level: 1 }).waitFor();
      await admin.getByRole('button', { name: 'Lag tilbakestillingskode' }).click();
      const resetCode = (await admin.locator('[data-secret="Tilbakestillingskode"]').textContent()) ?? '';
      expect(resetCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);

      const page = await world().chromium.newPage();
      await page.goto('/');
      await page.getByRole('link', { name: 'Har du en tilbakestillingskode?' }).click();
      await page.getByRole('heading', { name: 'Velg nytt passord', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/password');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'password');

      const form = {
        email: page.getByLabel(/^E-post/),
        code: page.getByLabel(/^Tilbakestillingskode/),
        password: page.getByLabel(/^Nytt passord/),
        repeated: page.getByLabel(/^Gjenta det nye passordet/),
        submit: page.getByRole('button', { name: 'Sett passordet' }),
      };
      const errorOf = async (field: typeof form.code) => {
        const described = (await field.getAttribute('aria-describedby')) ?? '';
        const ids = described.split(' ').filter((id) => id.endsWith('-error'));
        return ids.length === 0 ? '' : ((await page.locator(`[id="${ids[0]}"]`).textContent()) ?? '');
      };

      // A wrong code: the server says so, at the code.
      await form.email.fill('kari.kode@example.no');
      await form.code.fill('AAAA-BBBB-CCCC-DDDD');
      await form.password.fill('Kari sitt nye passord 2026');
      await form.repeated.fill('Kari sitt nye passord 2026');
      await form.submit.click();
      await expect.poll(() => errorOf(form.code)).toMatch(/^Tilbakestillingskoden er feil, allerede brukt eller utløpt/);

      // A weak password: the server's reason in Norwegian, at the password; the code stays usable.
      await form.code.fill(resetCode.toLowerCase());
      await form.password.fill('kort');
      await form.repeated.fill('kort');
      await form.submit.click();
      await expect.poll(() => errorOf(form.password)).toBe('Passordet kan ikke brukes: det må ha minst 12 tegn.');
      expect(await errorOf(form.code)).toBe('');

      // Two different passwords are caught before anything is sent.
      await form.password.fill('Kari sitt nye passord 2026');
      await form.repeated.fill('Kari sitt nye passord 2027');
      await form.submit.click();
      await expect.poll(() => errorOf(form.repeated)).toBe('De to passordene er ikke like.');

      await form.repeated.fill('Kari sitt nye passord 2026');
      await form.submit.click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Passordet ditt er satt. Logg inn med det nå.');
      expectNoProblems(pageProblems(page));

      // Used once: the same code no longer sets a password.
      const again = await page.request.post('/api/v1/password', {
        data: { email: 'kari.kode@example.no', resetCode, newPassword: 'Et annet passord 2026' },
      });
      expect(again.status()).toBe(400);

      await page.getByRole('link', { name: 'Tilbake til innlogging' }).click();
      await signIn(page, {
        userId: created.json.id,
        organisationId: acme,
        email: 'kari.kode@example.no',
        password: 'Kari sitt nye passord 2026',
        name: 'Kari Kode',
      });
      expect((await page.request.get('/api/v1/session')).status()).toBe(200);
    },
    SLOW,
  );

  it(
    'is in English too, and passes axe there',
    async () => {
      const page = await world().chromium.newPage();
      await page.goto('/password');
      await page.getByLabel('Språk').selectOption('en');
      await page.getByRole('heading', { name: 'Choose a new password', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Set the password' }).click();
      await page.getByText('Enter the reset code.').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      expectNoProblems(pageProblems(page));
    },
    SLOW,
  );
});
