import { expect, it } from 'vitest';
import { describeInChromium } from './support/chromium';
import { portalWorldOfThisFile } from './support/portal-world';
import { checkedPage, focused } from './support/checked-page';
import { signIn } from './support/sign-in';

const SLOW = 120_000;

describeInChromium('the portal: rooms and users, in chromium', () => {
  const world = portalWorldOfThisFile();

  it(
    'an org admin creates a room, sees its codes once, with the dial-in card, and can call in with them',
    async () => {
      const page = await world().chromium.newPage();
      await signIn(page, world().people['org-admin']);
      await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Møterom' }).click();
      await page.getByRole('heading', { name: 'Møterom', level: 1 }).waitFor();
      await checkedPage(page, 'rooms');

      await page.getByRole('link', { name: 'Nytt møterom' }).click();
      await page.getByLabel(/^Navn\s*\*?$/).fill('Styremøte');
      await page.getByLabel('Deltakerne venter i lobbyen til de slippes inn').check();
      await checkedPage(page, 'room-new');
      await page.getByRole('button', { name: 'Opprett møterom' }).click();
      await page.getByRole('heading', { name: 'Møterommet Styremøte er klart' }).waitFor();
      const leaderCode = (await page.locator('[data-secret="Lederkode"]').textContent()) ?? '';
      const participantCode = (await page.locator('[data-secret="Deltakerkode"]').textContent()) ?? '';
      expect(leaderCode).toMatch(/^\d{6,}$/);
      expect(participantCode).toMatch(/^\d{6,}$/);
      await page.getByRole('button', { name: 'Kopier Lederkode' }).waitFor();
      await page.getByRole('heading', { name: 'Innringingskort' }).waitFor();
      await page.getByText(`+47${world().bridge.world.accessNumber}`).first().waitFor();
      await page.getByRole('table', { name: 'Taster for ledere' }).getByText('*8').waitFor();
      await checkedPage(page, 'room-created');

      // The codes work: the leader calls in with the code the page showed.
      const lea = await world().bridge.callIn(leaderCode);
      await lea.hangUp();

      // Shown once: the room's own page never shows them again.
      await page.getByRole('link', { name: 'Styremøte' }).click();
      await page.getByRole('heading', { name: 'Styremøte', level: 1, exact: true }).waitFor();
      expect(await page.content()).not.toContain(leaderCode);
      expect(await page.getByLabel('Deltakerne venter i lobbyen til de slippes inn').isChecked()).toBe(true);
      await checkedPage(page, 'room');

      // A new participant code, shown once; the old one no longer opens the room.
      await page.getByRole('button', { name: 'Ny deltakerkode' }).click();
      const newCode = (await page.locator('[data-secret="Deltakerkode"]').first().textContent()) ?? '';
      expect(newCode).toMatch(/^\d{6,}$/);
      expect(newCode).not.toBe(participantCode);

      // Edit: the server's answer is what the page shows.
      await page.getByLabel(/^Navn\s*\*?$/).fill('Styremøte hver tirsdag');
      await page.getByRole('button', { name: 'Lagre' }).click();
      await page.getByRole('heading', { name: 'Styremøte hver tirsdag', level: 1 }).waitFor();
    },
    SLOW,
  );

  it(
    'searches the rooms on the server and pages through them',
    async () => {
      for (let n = 1; n <= 30; n += 1) {
        const response = await world().bridge.api(world().operatorToken, 'POST', '/conferences', {
          organisationId: world().people['org-admin'].organisationId,
          name: `Prosjekt ${String(n).padStart(2, '0')}`,
        });
        expect(response.status).toBe(201);
      }
      const page = await world().chromium.newPage();
      await signIn(page, world().people['org-admin']);
      await page.goto('/rooms');
      await page.getByLabel('Søk i møterom').fill('prosjekt');
      await expect.poll(() => page.getByText(/^[\d\s]+ møterom$/).textContent()).toBe('30 møterom');
      await expect.poll(() => page.getByRole('link', { name: /^Prosjekt/ }).count()).toBe(25);
      await page.getByRole('button', { name: 'Side 2 av 2' }).click();
      await expect.poll(() => page.url()).toContain('page=2');
      await expect
        .poll(() => page.getByRole('link', { name: /^Prosjekt/ }).allTextContents())
        .toEqual(['Prosjekt 26', 'Prosjekt 27', 'Prosjekt 28', 'Prosjekt 29', 'Prosjekt 30']);
    },
    SLOW,
  );

  it(
    'a monthly room inside its 12-month binding is not deleted: the page says why and from which day',
    async () => {
      const created = await world().bridge.api(world().operatorToken, 'POST', '/conferences', {
        organisationId: world().people['org-admin'].organisationId,
        name: 'Sensitivt rom',
        roomType: 'sensitive',
      });
      expect(created.status).toBe(201);
      const subscription = await world().bridge.api(
        world().operatorToken,
        'GET',
        `/conferences/${created.json.conference.id}/subscription`,
      );
      const [year, month, day] = (subscription.json.bindingEndsOn as string).split('-').map(Number);
      const months = [
        'januar',
        'februar',
        'mars',
        'april',
        'mai',
        'juni',
        'juli',
        'august',
        'september',
        'oktober',
        'november',
        'desember',
      ];
      const page = await world().chromium.newPage();
      await signIn(page, world().people['org-admin']);
      await page.goto(`/rooms/${created.json.conference.id}`);
      await page.getByRole('button', { name: 'Slett' }).click();
      await page.getByRole('button', { name: 'Ja, slett Sensitivt rom' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'kan ikke slettes' });
      await expect.poll(() => alert.textContent()).toContain(`Det kan slettes fra ${day}. ${months[(month ?? 1) - 1]} ${year}.`);
      expect((await world().bridge.api(world().operatorToken, 'GET', `/conferences/${created.json.conference.id}`)).status).toBe(200);
    },
    SLOW,
  );

  it(
    "an org admin does not reach another organisation's room by its address: not found",
    async () => {
      const page = await world().chromium.newPage();
      await signIn(page, world().people['org-admin']);
      await page.goto(`/rooms/${world().otherRoomId}`);
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Ikke funnet: den finnes ikke, eller den er ikke din å se.');
      expect(await page.content()).not.toContain('Annen organisasjons rom');
    },
    SLOW,
  );

  it(
    'an org admin creates a user, is refused a role it may not grant, gives a token and a reset code once, and deletes the user',
    async () => {
      const page = await world().chromium.newPage();
      await signIn(page, world().people['org-admin']);
      await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Brukere' }).click();
      await page.getByRole('heading', { name: 'Brukere', level: 1 }).waitFor();
      await checkedPage(page, 'users');

      await page.getByLabel(/^Navn\s*\*?$/).fill('Oda Operatør');
      await page.getByLabel('Rolle').selectOption('operator');
      await page.getByRole('button', { name: 'Opprett bruker' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Avvist: /);

      await page.getByLabel(/^Navn\s*\*?$/).fill('Berit Bruker');
      await page.getByLabel('E-post').fill('berit@example.no');
      await page.getByLabel('Rolle').selectOption('user');
      await page.getByRole('button', { name: 'Opprett bruker' }).click();
      await page.getByText('Brukeren Berit Bruker er opprettet.').waitFor();
      await page.getByRole('link', { name: 'Berit Bruker' }).click();
      await page.getByRole('heading', { name: 'Berit Bruker', level: 1 }).waitFor();

      await page.getByLabel('Navn på nøkkelen').fill('Kalender');
      await page.getByRole('button', { name: 'Lag nøkkel' }).click();
      const secret = (await page.locator('[data-secret="Nøkkelen"]').textContent()) ?? '';
      expect(secret.length).toBeGreaterThan(20);
      // The token works for a machine: it is the user's.
      const me = await world().bridge.api(secret, 'GET', '/me');
      expect(me.json.user.name).toBe('Berit Bruker');

      await page.getByRole('button', { name: 'Lag tilbakestillingskode' }).click();
      const resetCode = (await page.locator('[data-secret="Tilbakestillingskode"]').textContent()) ?? '';
      expect(resetCode).not.toBe('');
      await checkedPage(page, 'user');

      await page.getByRole('button', { name: 'Trekk tilbake Kalender' }).click();
      await page.getByText('Ingen nøkler.').waitFor();
      expect((await world().bridge.api(secret, 'GET', '/me')).status).toBe(401);

      // Deleting, apart from deactivating, asks once more; the user's room stays with the organisation.
      const beritId = page.url().split('/users/')[1] ?? '';
      const room = await world().bridge.api(world().operatorToken, 'POST', '/conferences', {
        organisationId: world().people['org-admin'].organisationId,
        name: 'Berits rom',
        ownerUserId: beritId,
      });
      expect(room.status).toBe(201);
      await page.getByRole('button', { name: 'Slett Berit Bruker' }).click();
      await page.getByRole('button', { name: 'Ja, slett Berit Bruker for godt' }).click();
      await page.getByRole('heading', { name: 'Brukere', level: 1 }).waitFor();
      // The user's page is gone: the focus is on the list's content, where a screen reader starts reading.
      await expect.poll(() => focused(page, 'id')).toBe('main');
      expect(await page.getByRole('link', { name: 'Berit Bruker' }).count()).toBe(0);
      expect((await world().bridge.api(world().operatorToken, 'GET', `/users/${beritId}`)).status).toBe(404);
      expect((await world().bridge.api(world().operatorToken, 'GET', `/conferences/${room.json.conference.id}`)).status).toBe(200);
    },
    SLOW,
  );

  it(
    "searches the users on the server by name or e-mail address and pages through them; another organisation's never appear",
    async () => {
      const acme = world().people['org-admin'].organisationId;
      const make = async (organisationId: string, name: string, email: string | null) =>
        expect(
          (await world().bridge.api(world().operatorToken, 'POST', '/users', { organisationId, name, email, role: 'user' })).status,
        ).toBe(201);
      for (let n = 1; n <= 30; n += 1) await make(acme, `Kollega ${String(n).padStart(2, '0')}`, null);
      await make(acme, 'Åse Ødegård', 'kollega.ase@example.no');
      await make(world().people['other-admin'].organisationId, 'Kollega i Other Org', 'kollega@other.example');
      const page = await world().chromium.newPage();
      await signIn(page, world().people['org-admin']);
      await page.goto('/users');
      await page.getByLabel('Søk i brukere').fill('KOLLEGA');
      // 30 by name and Åse by her e-mail address; the other organisation's is neither listed nor counted.
      await expect.poll(() => page.getByText(/^[\d\s]+ brukere$/).textContent()).toBe('31 brukere');
      await expect.poll(() => page.getByRole('link', { name: /^Kollega/ }).count()).toBe(25);
      expect(await page.getByRole('link', { name: 'Åse Ødegård' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Side 2 av 2' }).click();
      await expect.poll(() => page.url()).toContain('page=2');
      await expect
        .poll(() => page.getByRole('link', { name: /^(Kollega|Åse)/ }).allTextContents())
        .toEqual(['Kollega 26', 'Kollega 27', 'Kollega 28', 'Kollega 29', 'Kollega 30', 'Åse Ødegård']);
      expect(await page.content()).not.toContain('Kollega i Other Org');
      await checkedPage(page, 'users-search');

      // Unicode case folding: "ØDE" finds "Ødegård"; the address keeps the search.
      await page.getByLabel('Søk i brukere').fill('ØDE');
      await expect.poll(() => page.getByRole('link', { name: /^(Kollega|Åse)/ }).allTextContents()).toEqual(['Åse Ødegård']);
      await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent('ØDE')}`);
    },
    SLOW,
  );

  it(
    'finance sees its own account and tokens only',
    async () => {
      const page = await world().chromium.newPage();
      await signIn(page, world().people.finance);
      await page.getByRole('link', { name: 'Min konto' }).click();
      await page.getByRole('heading', { name: 'Min konto', level: 1 }).waitFor();
      await checkedPage(page, 'account');
      await page.goto('/users');
      await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/^Noe gikk galt: /);
    },
    SLOW,
  );
});
