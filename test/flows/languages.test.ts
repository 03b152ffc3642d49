import { describe, expect, it } from 'vitest';
import { conferenceSettings } from '../support/conference-settings';
import { heardText, said } from '../support/heard';
import { ACCESS_NUMBER, createInMemoryBridge, LEADER_CODE, PARTICIPANT_CODE } from '../support/in-memory-bridge';
import type { ConferenceSettings } from '../../src/domain/conference/conference-settings';

/** A bridge whose access number speaks bokmål, with one conference in `language`. */
function norwegianLine(overrides: Partial<ConferenceSettings> = {}, options: Parameters<typeof createInMemoryBridge>[0] = {}) {
  const bridge = createInMemoryBridge(options);
  bridge.accessNumber(ACCESS_NUMBER, 'nb');
  const settings = conferenceSettings({ language: 'nb', ...overrides });
  bridge.code(LEADER_CODE, 'leader', settings);
  bridge.code(PARTICIPANT_CODE, 'participant', settings);
  return bridge;
}

describe('the language a caller hears', () => {
  it('before the code is the access number’s: bokmål, with the offer of English', async () => {
    const bridge = norwegianLine();
    await bridge.call('kari');
    expect(bridge.telephony.channel('kari').heard).toEqual(said('nb', { key: 'code.enter' }, { key: 'code.english-offer' }));
    expect(heardText(bridge.telephony.channel('kari').heard)).toBe('Tast inn møtekoden, og avslutt med firkant. For English, press star.');
  });

  it('on a number the directory does not know is the configured default language', async () => {
    const bridge = createInMemoryBridge({ settings: { defaultLanguage: 'nb' } });
    await bridge.call('kari');
    expect(bridge.telephony.channel('kari').heard).toEqual(said('nb', { key: 'code.enter' }, { key: 'code.english-offer' }));
  });

  it('after the code is the conference’s: a Norwegian line into an English conference speaks English', async () => {
    const bridge = norwegianLine({ language: 'en' });
    await bridge.join('kari', PARTICIPANT_CODE);
    expect(bridge.telephony.channel('kari').heard).toEqual([
      ...said('nb', { key: 'code.enter' }, { key: 'code.english-offer' }),
      ...said('en', { key: 'admission.wait-for-leader' }),
    ]);
  });

  it('in a Norwegian conference, the count is said in bokmål', async () => {
    const bridge = norwegianLine();
    await bridge.join('lea', LEADER_CODE);
    await bridge.join('pat', PARTICIPANT_CODE);
    await bridge.join('sam', PARTICIPANT_CODE);
    await bridge.press('lea', '#2');
    expect(heardText(bridge.telephony.channel('lea').heard.slice(-3))).toBe('Det er tre deltakere i møtet.');
    expect(bridge.telephony.channel('lea').heard.slice(-3)).toEqual(said('nb', { key: 'meeting.count', count: 3 }));
  });
});

describe('the switch to English (* with nothing typed)', () => {
  it('stops the Norwegian prompt and asks again in English, without the offer', async () => {
    const bridge = norwegianLine({}, { playbacks: 'manual' });
    await bridge.call('john');
    const [norwegian] = bridge.telephony.playbacksOf('john');
    await bridge.press('john', '*');
    expect(norwegian?.state).toBe('stopped');
    expect(bridge.telephony.channel('john').heard.slice(-1)).toEqual(said('en', { key: 'code.enter' }));
  });

  it('holds for the whole call: the conference speaks English to this caller, bokmål to the others, and its tones are the conference’s', async () => {
    const bridge = norwegianLine();
    await bridge.join('lea', LEADER_CODE);
    await bridge.call('john');
    await bridge.press('john', `*${PARTICIPANT_CODE}#`);
    expect(bridge.telephony.bridgeKindOf('john')).toBe('mixing');
    // Asked again in English, and joined: the others hear the join tone of the Norwegian conference.
    expect(bridge.telephony.channel('john').heard.slice(-2)).toEqual([
      ...said('en', { key: 'code.enter' }),
      ...said('nb', { key: 'tone.join' }),
    ]);

    await bridge.press('lea', '*5');
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(said('nb', { key: 'leader.listen-mode-on' })[0]);
    await bridge.press('lea', '##');
    expect(bridge.telephony.channel('john').heard.at(-1)).toEqual(said('en', { key: 'meeting.ended' })[0]);
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(said('nb', { key: 'meeting.ended' })[0]);
  });

  it('is remembered on the channel, for a restart, and set as the channel’s language in Asterisk', async () => {
    const bridge = norwegianLine();
    await bridge.call('john');
    await bridge.press('john', '*');
    expect(Object.fromEntries(bridge.telephony.channel('john').variables)).toEqual({ KVORUM_LANGUAGE: 'en', 'CHANNEL(language)': 'en' });
  });

  it('keeps its English after a wrong code, and says goodbye in English', async () => {
    const bridge = norwegianLine();
    await bridge.call('john');
    await bridge.press('john', '*000000#000000#000000#');
    expect(bridge.telephony.channel('john').heard.slice(2)).toEqual(
      said(
        'en',
        { key: 'code.enter' },
        { key: 'code.invalid' },
        { key: 'code.enter' },
        { key: 'code.invalid' },
        { key: 'code.enter' },
        { key: 'call.goodbye' },
      ),
    );
  });

  it('is not a digit of the code: * after digits still only clears them', async () => {
    const bridge = norwegianLine();
    await bridge.call('kari');
    await bridge.press('kari', `12*${PARTICIPANT_CODE}#`);
    expect(bridge.telephony.channel('kari').heard.at(-1)).toEqual(said('nb', { key: 'admission.wait-for-leader' })[0]);
    expect(bridge.telephony.channel('kari').variables.has('KVORUM_LANGUAGE')).toBe(false);
  });
});
