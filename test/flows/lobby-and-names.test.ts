import { describe, expect, it } from 'vitest';
import { createBridgeWithConference, LEADER_CODE as LEADER, PARTICIPANT_CODE as PARTICIPANT } from '../support/in-memory-bridge';
import { heardItem, said, timesHeard } from '../support/heard';

const NAME_OF = (legId: string) => `kvorum-names/kvorum/${legId}`;

describe('the lobby of a room that requires admission', () => {
  it('a patient waits in the lobby with music, not charged, until the leader lets them in with *8', async () => {
    const bridge = createBridgeWithConference({ admissionRequired: true });
    const { telephony, ledger } = bridge;
    await bridge.join('doc', LEADER);
    await bridge.join('pat', PARTICIPANT);
    expect(telephony.bridgeKindOf('pat')).toBe('holding');
    expect(telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'lobby.wait' }));
    expect(timesHeard(telephony.channel('doc').heard, { key: 'lobby.caller-waiting', count: 1 })).toBe(1);
    expect(telephony.canHear('doc', 'pat')).toBe(false);
    expect(ledger.legOf('pat')).toMatchObject({ meetingId: null, enteredAt: null });
    expect(bridge.app.get('conf-board')?.participants.find((p) => p.channelId === 'pat')).toMatchObject({ waitingInLobby: true });

    await bridge.advance(90_000);
    const letIn = bridge.clock.now();
    await bridge.press('doc', '*8');
    expect(telephony.bridgeKindOf('pat')).toBe('mixing');
    expect(telephony.canHear('doc', 'pat')).toBe(true);
    expect(timesHeard(telephony.channel('pat').heard, { key: 'lobby.admitted' })).toBe(1);
    expect(timesHeard(telephony.channel('doc').heard, { key: 'lobby.let-in' })).toBe(1);
    // The 90 s in the lobby were free: the leg is billable from the instant it was let in.
    expect(ledger.legOf('pat')).toMatchObject({ meetingId: ledger.legOf('doc')?.meetingId, enteredAt: letIn });
  });

  it('#8 turns the caller away politely: hung up, the leg closed without a minute in the meeting', async () => {
    const bridge = createBridgeWithConference({ admissionRequired: true });
    await bridge.join('doc', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.press('doc', '#8');
    expect(bridge.telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'lobby.refused' }));
    expect(bridge.telephony.channel('pat').gone).toBe(true);
    expect(bridge.ledger.legOf('pat')).toMatchObject({ meetingId: null, enteredAt: null, endReason: 'refused' });
  });

  it('an admin lets a named caller in through the same rules', async () => {
    const bridge = createBridgeWithConference({ admissionRequired: true });
    await bridge.join('doc', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.join('sam', PARTICIPANT);
    const sam = bridge.ledger.legOf('sam')!.legId;
    expect(bridge.app.command('conf-board', { kind: 'admit', legId: sam })).toBe('done');
    await bridge.settle();
    expect(bridge.telephony.bridgeKindOf('sam')).toBe('mixing');
    expect(bridge.telephony.bridgeKindOf('pat')).toBe('holding');
    expect(bridge.app.command('conf-board', { kind: 'refuse', legId: sam })).toBe('not-waiting');
  });
});

describe('names', () => {
  /** A caller dials in, types the code, and says their name for `seconds` (0: `#` at the beep). */
  async function joinNamed(bridge: ReturnType<typeof createBridgeWithConference>, channelId: string, code: string, seconds: number) {
    await bridge.join(channelId, code);
    bridge.telephony.finishRecording(channelId, seconds);
    await bridge.settle();
  }

  it('after the code, a caller is asked for their name, hears the beep, and the leader hears them join and leave by it', async () => {
    const bridge = createBridgeWithConference({ namesRecorded: true });
    const { telephony } = bridge;
    await joinNamed(bridge, 'doc', LEADER, 2);
    await bridge.join('kari', PARTICIPANT);
    expect(telephony.channel('kari').heard.slice(-2)).toEqual([
      heardItem({ key: 'names.say-name' }),
      { media: 'sound:beep', language: 'en' },
    ]);
    expect(telephony.bridgeKindOf('kari')).toBeNull();
    expect(bridge.ledger.legOf('kari')).toBeUndefined();

    telephony.finishRecording('kari', 2);
    await bridge.settle();
    const name = NAME_OF(bridge.ledger.legOf('kari')!.legId);
    expect(telephony.bridgeKindOf('kari')).toBe('mixing');
    expect(telephony.channel('doc').heard.slice(-2)).toEqual(said('en', { key: 'names.joined', name }));
    expect(telephony.storedRecordings()).toContain(name);

    await bridge.hangUp('kari');
    expect(telephony.channel('doc').heard.slice(-2)).toEqual(said('en', { key: 'names.left', name }));
    // Gone with the call, once the leader has heard it leave.
    expect(telephony.storedRecordings()).not.toContain(name);
  });

  it('the lobby announces a waiting caller by name', async () => {
    const bridge = createBridgeWithConference({ namesRecorded: true, admissionRequired: true });
    await joinNamed(bridge, 'doc', LEADER, 2);
    await joinNamed(bridge, 'kari', PARTICIPANT, 3);
    const name = NAME_OF(bridge.ledger.legOf('kari')!.legId);
    expect(bridge.telephony.channel('doc').heard.slice(-2)).toEqual(said('en', { key: 'lobby.named-waiting', name }));
  });

  it('a caller who presses # at the beep is announced by a tone, and nothing of theirs is kept', async () => {
    const bridge = createBridgeWithConference({ namesRecorded: true });
    await joinNamed(bridge, 'doc', LEADER, 2);
    await joinNamed(bridge, 'pat', PARTICIPANT, 0);
    expect(bridge.telephony.channel('doc').heard.at(-1)).toEqual(heardItem({ key: 'tone.join' }));
    expect(bridge.telephony.storedRecordings()).toEqual([NAME_OF(bridge.ledger.legOf('doc')!.legId)]);
  });

  it('a caller who hangs up while saying their name leaves no recording behind', async () => {
    const bridge = createBridgeWithConference({ namesRecorded: true });
    await bridge.join('pat', PARTICIPANT);
    await bridge.hangUp('pat');
    expect(bridge.telephony.storedRecordings()).toEqual([]);
    expect(bridge.ledger.legOf('pat')).toBeUndefined();
  });

  it('when the meeting ends every name goes; when the bridge stops, so do the names of those saying theirs', async () => {
    const bridge = createBridgeWithConference({ namesRecorded: true });
    await joinNamed(bridge, 'doc', LEADER, 2);
    await joinNamed(bridge, 'kari', PARTICIPANT, 2);
    // Later than the # that may follow a name (see keypad-commands).
    await bridge.advance(5_000);
    await bridge.press('doc', '##');
    expect(bridge.telephony.storedRecordings()).toEqual([]);

    await joinNamed(bridge, 'doc2', LEADER, 2);
    await bridge.join('late', PARTICIPANT);
    await bridge.app.shutdown(bridge.clock.now());
    await bridge.settle();
    expect(bridge.telephony.channel('late').gone).toBe(true);
    expect(bridge.telephony.storedRecordings()).toEqual([]);
  });
});

describe('hands and the floor', () => {
  it('in an auditorium a muted listener raises a hand, the leader gives the floor, and the listener is heard', async () => {
    const bridge = createBridgeWithConference({ participantsJoinMuted: true });
    const { telephony } = bridge;
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.join('sam', PARTICIPANT);
    await bridge.press('sam', '*6');
    expect(timesHeard(telephony.channel('sam').heard, { key: 'caller.muted-by-host' })).toBe(1);
    expect(telephony.canHear('lea', 'sam')).toBe(false);

    await bridge.press('sam', '*9');
    expect(timesHeard(telephony.channel('lea').heard, { key: 'hands.first-raised' })).toBe(1);
    expect(bridge.app.get('conf-board')?.participants.find((p) => p.channelId === 'sam')).toMatchObject({ handRaised: true });
    await bridge.press('lea', '*9');
    expect(telephony.canHear('lea', 'sam')).toBe(true);
    expect(telephony.canHear('lea', 'pat')).toBe(false);
    expect(timesHeard(telephony.channel('sam').heard, { key: 'hand.floor-given' })).toBe(1);
    expect(bridge.app.get('conf-board')?.participants.find((p) => p.channelId === 'sam')).toMatchObject({
      handRaised: false,
      muted: false,
    });
  });

  it('#0 disconnects every participant; the leader stays in the open meeting', async () => {
    const bridge = createBridgeWithConference();
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.press('lea', '#0');
    expect(bridge.telephony.channel('pat').gone).toBe(true);
    expect(bridge.ledger.legOf('pat')).toMatchObject({ endReason: 'disconnected' });
    expect(bridge.telephony.channel('lea').gone).toBe(false);
    expect([...bridge.ledger.meetings.values()][0]).toMatchObject({ endedAt: null });
  });
});
