import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heardText, said, soundOf } from '../support/heard';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';

/**
 * Callers on a Norwegian access number: the code prompt in bokmål with the
 * offer of English, then the conference's language, or English for a caller
 * who pressed * while nothing was typed. Whether a caller still hearing the
 * choice after a restart of Kvorum is proven in
 * test/integration/crash-restart.test.ts (a restart here is a clean stop,
 * which hangs everyone up).
 */
const TONES = [soundOf({ key: 'tone.join' }), soundOf({ key: 'tone.leave' })];

describe(`${e2eSuiteTitle()}: Norwegian and English`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({ accessNumberLanguage: 'nb', simulator: { timeScale: 0.01 } });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('a Norwegian caller hears the code prompt, the head count and the farewell in bokmål', async () => {
    const { leaderCode, participantCode } = await bridge.conferenceWithCodes({ language: 'nb' });
    const lea = await bridge.dial();
    await lea.waitForPrompt({ key: 'code.english-offer' }, { language: 'nb' });
    expect(heardText(await lea.heard())).toBe('Tast inn møtekoden, og avslutt med firkant. For English, press star.');
    await lea.press(`${leaderCode}#`);
    await lea.waitForBridge('mixing');
    const pat = await bridge.joinMeeting(participantCode);
    const per = await bridge.joinMeeting(participantCode);

    await lea.waitUntilQuiet();
    await lea.press('#2');
    await lea.waitForPrompt({ key: 'meeting.count', count: 3 }, { language: 'nb' });
    expect(heardText((await lea.heard()).slice(-3))).toBe('Det er tre deltakere i møtet.');

    await lea.press('##');
    for (const caller of [lea, pat, per]) {
      await caller.waitForPrompt({ key: 'meeting.ended' }, { language: 'nb' });
      await caller.waitForHangup();
    }
    expect(heardText((await pat.heard()).slice(-1))).toBe('Møtet er avsluttet.');
  });

  it('a caller of an English conference hears bokmål until the code, and English after it', async () => {
    const { leaderCode, participantCode } = await bridge.conferenceWithCodes({ language: 'en' });
    const pat = await bridge.dial();
    await pat.waitForPrompt({ key: 'code.english-offer' }, { language: 'nb' });
    await pat.press(`${participantCode}#`);
    await pat.waitForBridge('holding');
    await pat.waitForPrompt({ key: 'admission.wait-for-leader' }, { language: 'en' });
    expect(await pat.heard()).toEqual([
      ...said('nb', { key: 'code.enter' }, { key: 'code.english-offer' }),
      ...said('en', { key: 'admission.wait-for-leader' }),
    ]);
    const lea = await bridge.joinMeeting(leaderCode);
    await lea.waitForPrompt({ key: 'meeting.others-present', count: 1 }, { language: 'en' });
    await lea.hangUp();
    await pat.waitForPrompt({ key: 'meeting.leader-left' }, { language: 'en' });
    await pat.waitForHangup();
  });

  it('a caller who presses * hears English for the rest of the call, while the others keep bokmål', async () => {
    // An auditorium: a participant joins muted and is told so.
    const { leaderCode, participantCode } = await bridge.conferenceWithCodes({ language: 'nb', roomType: 'large-auditorium' });
    const kari = await bridge.joinMeeting(leaderCode);
    await kari.waitForPrompt({ key: 'meeting.others-present', count: 0 }, { language: 'nb' });

    const john = await bridge.dial();
    await john.waitForPrompt({ key: 'code.enter' }, { language: 'nb' });
    await john.press('*');
    await john.waitForPrompt({ key: 'code.enter' }, { language: 'en' });
    await john.press(`${participantCode}#`);
    await john.waitForBridge('mixing');

    await kari.waitUntilQuiet();
    await kari.press('*7');
    await kari.waitForPrompt({ key: 'leader.locked' }, { language: 'nb' });
    await kari.press('##');
    await john.waitForPrompt({ key: 'meeting.ended' }, { language: 'en' });
    await kari.waitForPrompt({ key: 'meeting.ended' }, { language: 'nb' });
    await john.waitForHangup();
    expect(heardText((await john.heard()).slice(-1))).toBe('The conference has ended.');
    // From the switch on, every word John heard was English (the meeting's tones are the same in every language).
    const heard = await john.heard();
    const words = heard.slice(heard.findIndex((item) => item.language === 'en')).filter((item) => !TONES.includes(item.media));
    expect(words.filter((item) => item.language !== 'en')).toEqual([]);
    expect(heardText(words)).toBe('Please enter the conference pin number. You are now muted. The conference has ended.');
  });
});
