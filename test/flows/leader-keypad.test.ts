import { describe, expect, it } from 'vitest';
import { conferenceSettings } from '../support/conference-settings';
import {
  createBridgeWithConference,
  createInMemoryBridge,
  LEADER_CODE as LEADER,
  PARTICIPANT_CODE as PARTICIPANT,
} from '../support/in-memory-bridge';
import { heardItem, heardText, said, soundOf } from '../support/heard';

async function meetingWithTwoParticipants() {
  const bridge = createBridgeWithConference();
  await bridge.join('lea', LEADER);
  await bridge.join('pat', PARTICIPANT);
  await bridge.join('sam', PARTICIPANT);
  return bridge;
}

describe('the leader steering the meeting from the keypad', () => {
  it('#2 tells the leader how many are in the meeting, the leader included', async () => {
    const bridge = await meetingWithTwoParticipants();
    await bridge.press('lea', '#2');
    expect(heardText(bridge.telephony.channel('lea').heard.slice(-3))).toBe('There are currently three participants in the conference.');
    expect(bridge.telephony.channel('lea').heard.slice(-3)).toEqual(said('en', { key: 'meeting.count', count: 3 }));
  });

  it('#2 tells a leader alone that they are the only person', async () => {
    const bridge = createInMemoryBridge();
    bridge.code(LEADER, 'leader', conferenceSettings());
    await bridge.join('lea', LEADER);
    await bridge.press('lea', '#2');
    expect(bridge.telephony.channel('lea').heard.slice(-2)).toEqual([
      heardItem({ key: 'meeting.others-present', count: 0 }),
      heardItem({ key: 'meeting.count', count: 1 }),
    ]);
  });

  it('*5 puts everyone but the leader in listen mode, newcomers join muted, and *5 again lets them talk', async () => {
    const bridge = await meetingWithTwoParticipants();
    const { telephony } = bridge;
    await bridge.press('lea', '*5');
    expect(telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'leader.listen-mode-on' }));
    expect(telephony.canHear('lea', 'pat')).toBe(false);
    expect(telephony.canHear('lea', 'sam')).toBe(false);
    expect(telephony.canHear('pat', 'lea')).toBe(true);

    await bridge.join('late', PARTICIPANT);
    expect(telephony.canHear('lea', 'late')).toBe(false);
    expect(
      telephony
        .channel('late')
        .heard.filter((item) => item.media !== soundOf({ key: 'tone.join' }))
        .at(-1),
    ).toEqual(heardItem({ key: 'caller.muted' }));

    await bridge.press('lea', '*5');
    expect(telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'leader.listen-mode-off' }));
    expect(telephony.canHear('lea', 'pat')).toBe(true);
    expect(telephony.canHear('pat', 'late')).toBe(true);
  });

  it('*6 mutes and unmutes the leader', async () => {
    const bridge = await meetingWithTwoParticipants();
    await bridge.press('lea', '*6');
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'caller.muted' }));
    expect(bridge.telephony.canHear('pat', 'lea')).toBe(false);
    await bridge.press('lea', '*6');
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'caller.unmuted' }));
    expect(bridge.telephony.canHear('pat', 'lea')).toBe(true);
  });

  it('*7 locks the meeting and *7 again opens it', async () => {
    const bridge = await meetingWithTwoParticipants();
    await bridge.press('lea', '*7');
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'leader.locked' }));
    await bridge.join('late', PARTICIPANT);
    expect(bridge.telephony.channel('late').hungUpByApp).toBe(true);
    await bridge.press('lea', '*7');
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'leader.unlocked' }));
    await bridge.join('later', PARTICIPANT);
    expect(bridge.telephony.bridgeKindOf('later')).toBe('mixing');
  });

  it('#9 turns automatic end off, so the meeting goes on when the leader hangs up', async () => {
    const bridge = await meetingWithTwoParticipants();
    await bridge.press('lea', '#9');
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'leader.auto-end-off' }));
    await bridge.hangUp('lea');
    expect(bridge.telephony.canHear('pat', 'sam')).toBe(true);
    expect(bridge.app.get('conf-board')?.endOnLeaderHangup).toBe(false);
  });

  it('#9 twice turns automatic end back on', async () => {
    const bridge = await meetingWithTwoParticipants();
    await bridge.press('lea', '#9#9');
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'leader.auto-end-on' }));
    await bridge.hangUp('lea');
    expect(bridge.telephony.channel('pat').hungUpByApp).toBe(true);
  });

  it('## ends the meeting: everyone hears that it has ended and is hung up', async () => {
    const bridge = await meetingWithTwoParticipants();
    await bridge.advance(90_000);
    await bridge.press('lea', '##');
    for (const caller of ['lea', 'pat', 'sam']) {
      expect(bridge.telephony.channel(caller).heard.at(-1)).toEqual(heardItem({ key: 'meeting.ended' }));
      expect(bridge.telephony.channel(caller).hungUpByApp).toBe(true);
      expect(bridge.ledger.legOf(caller)).toMatchObject({ endReason: 'meeting-ended', leftAt: bridge.clock.now() });
    }
    expect([...bridge.ledger.meetings.values()][0]).toMatchObject({ endReason: 'ended-by-leader', endedAt: bridge.clock.now() });
    expect(bridge.telephony.liveBridges()).toEqual([]);
  });

  it('ignores a participant pressing the leader keys', async () => {
    const bridge = await meetingWithTwoParticipants();
    const heardBefore = [...bridge.telephony.channel('pat').heard];
    await bridge.press('pat', '##*7*5');
    expect(bridge.telephony.channel('pat').heard).toEqual(heardBefore);
    expect(bridge.telephony.channel('pat').gone).toBe(false);
    expect(bridge.app.get('conf-board')).toMatchObject({ locked: false, listenMode: false });
  });

  it('ignores a second key that comes too late, and unknown sequences', async () => {
    const bridge = await meetingWithTwoParticipants();
    await bridge.press('lea', '*');
    await bridge.advance(2_001);
    await bridge.press('lea', '7');
    await bridge.press('lea', '*3');
    await bridge.press('lea', '5');
    expect(bridge.app.get('conf-board')).toMatchObject({ locked: false, listenMode: false });
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'tone.join' }));
  });
});
