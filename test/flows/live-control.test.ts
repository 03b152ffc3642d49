import { describe, expect, it } from 'vitest';
import { conferenceSettings } from '../support/conference-settings';
import {
  createBridgeWithConference,
  createInMemoryBridge,
  LEADER_CODE as LEADER,
  PARTICIPANT_CODE as PARTICIPANT,
} from '../support/in-memory-bridge';
import { heardItem } from '../support/heard';

async function liveMeeting() {
  const bridge = createBridgeWithConference();
  await bridge.join('lea', LEADER);
  await bridge.join('pat', PARTICIPANT);
  const patLeg = bridge.ledger.legOf('pat')!.legId;
  return { bridge, patLeg };
}

describe('admins controlling a live meeting', () => {
  it('see who is in it', async () => {
    const { bridge, patLeg } = await liveMeeting();
    const view = bridge.app.get('conf-board');
    expect(view).toMatchObject({ conferenceId: 'conf-board', locked: false, listenMode: false, endOnLeaderHangup: true });
    expect(view?.meetingId).toBe([...bridge.ledger.meetings.keys()][0]);
    expect(view?.participants.map((p) => [p.channelId, p.role, p.muted])).toEqual([
      ['lea', 'leader', false],
      ['pat', 'participant', false],
    ]);
    expect(view?.participants[1]?.legId).toBe(patLeg);
    expect(bridge.app.list()).toHaveLength(1);
    expect(bridge.app.get('conf-other')).toBeNull();
  });

  it('see callers waiting for the leader, with no meeting yet', async () => {
    const bridge = createInMemoryBridge();
    bridge.code(PARTICIPANT, 'participant', conferenceSettings());
    await bridge.join('pat', PARTICIPANT);
    expect(bridge.app.get('conf-board')).toMatchObject({ meetingId: null, startedAt: null });
    expect(bridge.app.get('conf-board')?.participants[0]).toMatchObject({ channelId: 'pat', joinedAt: null });
  });

  it('mute one participant, who is told so', async () => {
    const { bridge, patLeg } = await liveMeeting();
    expect(bridge.app.command('conf-board', { kind: 'mute', legId: patLeg, muted: true })).toBe('done');
    await bridge.settle();
    expect(bridge.telephony.canHear('lea', 'pat')).toBe(false);
    expect(bridge.telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'caller.muted' }));
  });

  it('switch listen mode and lock like the keypad does', async () => {
    const { bridge } = await liveMeeting();
    expect(bridge.app.command('conf-board', { kind: 'listen-mode', on: true })).toBe('done');
    expect(bridge.app.command('conf-board', { kind: 'lock', locked: true })).toBe('done');
    await bridge.settle();
    expect(bridge.telephony.canHear('lea', 'pat')).toBe(false);
    await bridge.join('late', PARTICIPANT);
    expect(bridge.telephony.channel('late').heard.at(-1)).toEqual(heardItem({ key: 'admission.locked' }));
  });

  it('remove a participant, who hears that and is hung up', async () => {
    const { bridge, patLeg } = await liveMeeting();
    expect(bridge.app.command('conf-board', { kind: 'remove', legId: patLeg })).toBe('done');
    await bridge.settle();
    expect(bridge.telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'caller.removed' }));
    expect(bridge.telephony.channel('pat').hungUpByApp).toBe(true);
    expect(bridge.ledger.legOf('pat')).toMatchObject({ endReason: 'removed' });
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'tone.leave' }));
  });

  it('end the meeting for everyone', async () => {
    const { bridge } = await liveMeeting();
    expect(bridge.app.command('conf-board', { kind: 'end', reason: 'ended-by-admin' })).toBe('done');
    await bridge.settle();
    expect(bridge.telephony.channel('pat').hungUpByApp).toBe(true);
    expect([...bridge.ledger.meetings.values()][0]).toMatchObject({ endReason: 'ended-by-admin' });
    expect(bridge.app.list()).toEqual([]);
  });

  it('are told when there is nothing to act on', async () => {
    const { bridge } = await liveMeeting();
    expect(bridge.app.command('conf-board', { kind: 'remove', legId: 'leg-unknown' })).toBe('no-such-participant');
    expect(bridge.app.command('conf-empty', { kind: 'lock', locked: true })).toBe('no-live-meeting');
  });
});
