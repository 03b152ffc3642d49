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

describe('the bridge telling the admin side what changed', () => {
  /** The live view after each change the bridge reported, as [who is there, muted, hands, locked]. */
  function watch(bridge: ReturnType<typeof createBridgeWithConference>) {
    const seen: string[] = [];
    const stop = bridge.app.onChange((conferenceId) => {
      const view = bridge.app.get(conferenceId);
      const callers = view?.participants.map((p) => `${p.channelId}${p.muted ? ' muted' : ''}${p.handRaised ? ' hand' : ''}`) ?? [];
      seen.push(`${conferenceId}: ${view === null ? 'gone' : `${callers.join(', ')}${view.locked ? ' (locked)' : ''}`}`);
    });
    return { seen, stop };
  }

  it('reports a join, a mute, a raised hand, a lock, a departure and the end, each as it happens', async () => {
    const bridge = createBridgeWithConference();
    const { seen, stop } = watch(bridge);
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    expect(seen.at(-1)).toBe('conf-board: lea, pat');
    const patLeg = bridge.ledger.legOf('pat')!.legId;
    bridge.app.command('conf-board', { kind: 'mute', legId: patLeg, muted: true });
    expect(seen.at(-1)).toBe('conf-board: lea, pat muted');
    await bridge.press('pat', '*9');
    expect(seen.at(-1)).toBe('conf-board: lea, pat muted hand');
    bridge.app.command('conf-board', { kind: 'lock', locked: true });
    expect(seen.at(-1)).toBe('conf-board: lea, pat muted hand (locked)');
    await bridge.hangUp('pat');
    expect(seen.at(-1)).toBe('conf-board: lea (locked)');
    await bridge.hangUp('lea');
    await bridge.settle();
    expect(seen.at(-1)).toBe('conf-board: gone');

    // Once the subscription ends, nothing more is reported.
    stop();
    const reported = seen.length;
    await bridge.join('lea2', LEADER);
    expect(seen).toHaveLength(reported);
  });

  it('a listener that throws is logged and the call goes on', async () => {
    const bridge = createBridgeWithConference();
    bridge.app.onChange(() => {
      throw new Error('a broken listener');
    });
    const { seen } = watch(bridge);
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    expect(seen.at(-1)).toBe('conf-board: lea, pat');
    expect(bridge.telephony.canHear('lea', 'pat')).toBe(true);
  });
});
