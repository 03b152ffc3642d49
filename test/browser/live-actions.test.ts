import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { checkedPage, focused } from './support/checked-page';
import { describeInChromium } from './support/chromium';
import { portalWorldOfThisFile } from './support/portal-world';
import { signIn } from './support/sign-in';

const SLOW = 120_000;
/** Generous: the stream pushes within a second, but a busy CI machine must not turn render time into a failure. */
const PUSHED_WITHIN_MS = 10_000;

/**
 * The live meeting's buttons in Debian's chromium, with the ARI simulator's
 * callers on the line: each action changes what the page shows (pushed, not
 * reloaded) and what the callers meet on the bridge.
 */
describeInChromium('the portal: live meeting actions, in chromium', () => {
  const world = portalWorldOfThisFile();
  let admin: Page;
  beforeAll(async () => {
    admin = await world().chromium.newPage();
    await signIn(admin, world().people['org-admin']);
  }, 60_000);
  const acme = () => world().people['org-admin'].organisationId;

  /** A leader and a participant in the meeting of a new room of Acme, and the meeting's page open. */
  async function meetingOnPage(name: string, setup: { admissionRequired?: boolean } = {}) {
    const { bridge } = world();
    const codes = await bridge.conferenceWithCodes({ name, organisationId: acme(), ...setup });
    const leader = await bridge.joinMeeting(codes.leaderCode, '+4791234567');
    await leader.waitForPrompt({ key: 'meeting.others-present', count: 0 });
    await leader.waitUntilQuiet();
    await admin.goto(`/live/${codes.conferenceId}`);
    await admin.getByRole('heading', { name: `Møte nå: ${name}` }).waitFor();
    return { ...codes, leader };
  }
  const row = (caller: string) => admin.getByRole('row').filter({ hasText: caller });
  /** A participant with the number +47400000`nn` joins; the page shows them in the meeting (+47xxxxxx`nn`). */
  async function joins(participantCode: string, nn: string) {
    const caller = await world().bridge.joinMeeting(participantCode, `+47400000${nn}`);
    await row(`+47xxxxxx${nn}`).getByText('I møtet').waitFor({ timeout: PUSHED_WITHIN_MS });
    return caller;
  }
  const badge = (text: string) => admin.getByRole('main').getByText(text, { exact: true });

  it(
    'locking: the page says the meeting is locked, a new caller is turned away by the bridge; unlocked, the next one gets in',
    async () => {
      const { bridge } = world();
      const { participantCode, leader } = await meetingOnPage('Låst rom');
      await admin.getByRole('button', { name: 'Lås møtet' }).click();
      await badge('Låst').waitFor({ timeout: PUSHED_WITHIN_MS });
      await admin.getByRole('button', { name: 'Lås opp møtet' }).waitFor();

      const newcomer = await bridge.callIn(participantCode, '+4740000021');
      await newcomer.waitForPrompt({ key: 'admission.locked' });
      await newcomer.waitForHangup();
      expect(await bridge.closedLegOf(newcomer)).toMatchObject({ enteredAt: null, endReason: 'locked' });
      expect(await row('+47xxxxxx21').count()).toBe(0);

      await admin.getByRole('button', { name: 'Lås opp møtet' }).click();
      await admin.getByRole('button', { name: 'Lås møtet' }).waitFor({ timeout: PUSHED_WITHIN_MS });
      expect(await badge('Låst').count()).toBe(0);
      const next = await joins(participantCode, '22');
      await next.hangUp();
      await leader.hangUp();
    },
    SLOW,
  );

  it(
    'listen mode: the page shows the participants muted by the host and the bridge mutes them, not the leader; off again, they are heard',
    async () => {
      const { bridge } = world();
      const { participantCode, leader } = await meetingOnPage('Foredrag');
      const listener = await joins(participantCode, '31');
      expect(await bridge.canHear(leader, listener)).toBe(true);

      await admin.getByRole('button', { name: 'Slå på lyttemodus' }).click();
      await badge('Lyttemodus').waitFor({ timeout: PUSHED_WITHIN_MS });
      await row('+47xxxxxx31').getByText('Ja, av verten').waitFor({ timeout: PUSHED_WITHIN_MS });
      await listener.waitForMuted(true);
      expect(await bridge.canHear(leader, listener)).toBe(false);
      expect(await leader.isMuted()).toBe(false);
      expect(await row('+47xxxxxx67').getByText('Ja, av verten').count()).toBe(0);
      await checkedPage(admin, 'live-listen-mode');

      await admin.getByRole('button', { name: 'Slå av lyttemodus' }).click();
      await admin.getByRole('button', { name: 'Slå på lyttemodus' }).waitFor({ timeout: PUSHED_WITHIN_MS });
      expect(await badge('Lyttemodus').count()).toBe(0);
      await listener.waitForMuted(false);
      expect(await bridge.canHear(leader, listener)).toBe(true);
      await listener.hangUp();
      await leader.hangUp();
    },
    SLOW,
  );

  it(
    'removing a caller: they leave the list, hear that they were removed and are hung up; the leader stays',
    async () => {
      const { bridge } = world();
      const { participantCode, leader } = await meetingOnPage('Opprydding');
      const removed = await joins(participantCode, '41');
      await admin.getByRole('heading', { name: 'Innringere (2)' }).waitFor();

      await admin.getByRole('button', { name: 'Fjern +47xxxxxx41' }).click();
      await admin.getByRole('heading', { name: 'Innringere (1)' }).waitFor({ timeout: PUSHED_WITHIN_MS });
      expect(await row('+47xxxxxx41').count()).toBe(0);
      await row('+47xxxxxx67').getByText('I møtet').waitFor();
      await removed.waitForPrompt({ key: 'caller.removed' });
      await removed.waitForHangup();
      expect(await bridge.closedLegOf(removed)).toMatchObject({ endReason: 'removed' });
      expect(await leader.isHungUp()).toBe(false);
      await leader.hangUp();
    },
    SLOW,
  );

  it(
    'turning a caller away from the lobby: they leave the list, hear it and are hung up, never having entered',
    async () => {
      const { bridge } = world();
      const { participantCode, leader } = await meetingOnPage('Venterommet', { admissionRequired: true });
      const stranger = await bridge.callIn(participantCode, '+4740000051');
      await stranger.waitForPrompt({ key: 'lobby.wait' });
      await row('+47xxxxxx51').getByText('Venter i lobbyen').waitFor({ timeout: PUSHED_WITHIN_MS });

      await admin.getByRole('button', { name: 'Avvis +47xxxxxx51' }).click();
      await stranger.waitForPrompt({ key: 'lobby.refused' });
      await stranger.waitForHangup();
      await expect.poll(() => row('+47xxxxxx51').count(), { timeout: PUSHED_WITHIN_MS }).toBe(0);
      await admin.getByRole('heading', { name: 'Innringere (1)' }).waitFor();
      expect(await bridge.closedLegOf(stranger)).toMatchObject({ enteredAt: null });
      expect(await stranger.bridgeKind()).toBeNull();
      await leader.hangUp();
    },
    SLOW,
  );

  it(
    'ending the meeting asks first; confirmed, the page says it is over and every caller hears it and is hung up',
    async () => {
      const { bridge } = world();
      const { conferenceId, participantCode, leader } = await meetingOnPage('Siste møte');
      const participant = await joins(participantCode, '61');

      // With the keyboard: the focus goes to the answer when asked, back to the button when cancelled.
      await admin.getByRole('button', { name: 'Avslutt møtet' }).press('Enter');
      const dialog = admin.getByRole('alertdialog', { name: /^Avslutte møtet for alle\?/ });
      await dialog.waitFor();
      await expect.poll(() => focused(admin)).toBe('Avslutt for alle');
      // Cancelled, nothing happens.
      await dialog.getByRole('button', { name: 'Avbryt' }).press('Enter');
      expect(await dialog.count()).toBe(0);
      await expect.poll(() => focused(admin)).toBe('Avslutt møtet');
      expect(await participant.isHungUp()).toBe(false);

      await admin.keyboard.press('Enter');
      await checkedPage(admin, 'live-end-confirm');
      await admin.keyboard.press('Enter');
      await admin.getByText('Dette møtet pågår ikke').waitFor({ timeout: PUSHED_WITHIN_MS });
      // Its buttons went with the meeting: the focus is on the page's heading.
      await expect.poll(() => focused(admin)).toBe('Møte nå');
      for (const caller of [leader, participant]) {
        await caller.waitForPrompt({ key: 'meeting.ended' });
        await caller.waitForHangup();
      }
      expect((await bridge.endedMeetingOf(conferenceId)).endReason).toBe('ended-by-admin');
      await admin.goto('/live');
      await admin.getByText('Ingen møter pågår akkurat nå.').waitFor();
    },
    SLOW,
  );
});
