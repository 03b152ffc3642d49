import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';
import { eventually } from './support/eventually';
import { said } from '../support/heard';

describe(`${e2eSuiteTitle()}: the lobby and recorded names`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    // Slower than the other stories on the simulator: a name is measured in (simulated) seconds of speech.
    bridge = await BridgeUnderTest.start({ simulator: { timeScale: 0.01 } });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  /** A doctor alone in the open meeting of a sensitive room (admission always required there), done hearing the head count. */
  async function sensitiveRoom(setup: Parameters<BridgeUnderTest['conferenceWithCodes']>[0] = {}) {
    const codes = await bridge.conferenceWithCodes({ roomType: 'sensitive', ...setup });
    const doc = setup.namesRecorded ? await bridge.joinNamed(codes.leaderCode) : await bridge.joinMeeting(codes.leaderCode);
    await doc.waitForPrompt({ key: 'meeting.others-present', count: 0 });
    await doc.waitUntilQuiet();
    return { ...codes, doc };
  }

  it('a patient waits in the lobby with music, not charged, until the doctor lets them in with *8', async () => {
    const { participantCode, doc } = await sensitiveRoom();
    const patient = await bridge.callIn(participantCode);
    await patient.waitForPrompt({ key: 'lobby.wait' });
    await patient.waitForBridge('holding');
    expect(await patient.hasMusicOnHold()).toBe(true);
    await doc.waitForPrompt({ key: 'lobby.caller-waiting', count: 1 });
    expect(await bridge.canHear(doc, patient)).toBe(false);
    expect(await bridge.legOf(patient)).toMatchObject({ meetingId: null, enteredAt: null });

    await doc.waitUntilQuiet();
    const letInAfter = Date.now();
    await doc.press('*8');
    await doc.waitForPrompt({ key: 'lobby.let-in' });
    await patient.waitForPrompt({ key: 'lobby.admitted' });
    await patient.waitForBridge('mixing');
    expect(await bridge.canHear(doc, patient)).toBe(true);
    expect(await bridge.canHear(patient, doc)).toBe(true);
    // Billable from the moment the doctor let them in: the wait in the lobby was free.
    const leg = await bridge.legOf(patient);
    expect(leg.meetingId).toBe((await bridge.legOf(doc)).meetingId);
    expect(leg.enteredAt!).toBeGreaterThanOrEqual(letInAfter);
    expect(leg.calledAt).toBeLessThan(letInAfter);
  });

  it('#8 turns the caller away politely: they are hung up, their leg closed without a second in the meeting', async () => {
    const { participantCode, doc } = await sensitiveRoom();
    const stranger = await bridge.callIn(participantCode);
    await stranger.waitForPrompt({ key: 'lobby.wait' });
    await doc.waitForPrompt({ key: 'lobby.caller-waiting', count: 1 });
    await doc.waitUntilQuiet();
    await doc.press('#8');
    await doc.waitForPrompt({ key: 'lobby.turned-away' });
    await stranger.waitForPrompt({ key: 'lobby.refused' });
    await stranger.waitForHangup();
    expect(await bridge.closedLegOf(stranger)).toMatchObject({ meetingId: null, enteredAt: null, endReason: 'refused' });
  });

  it('callers before the doctor wait as always, then queue in the lobby; an admin sees them waiting and lets the next in', async () => {
    const { conferenceId, leaderCode, participantCode } = await bridge.conferenceWithCodes({ admissionRequired: true });
    const early = await bridge.callIn(participantCode);
    await early.waitForPrompt({ key: 'admission.wait-for-leader' });
    const doc = await bridge.joinMeeting(leaderCode);
    await doc.waitForPrompt({ key: 'lobby.caller-waiting', count: 1 });
    await early.waitForPrompt({ key: 'lobby.wait' });
    expect(await early.bridgeKind()).toBe('holding');

    const token = await bridge.operatorToken();
    const live = await bridge.api(token, 'GET', `/conferences/${conferenceId}/live`);
    expect(live.json.participants.map((p: { channelId: string; waitingInLobby: boolean }) => [p.channelId, p.waitingInLobby])).toEqual([
      [early.channelId, true],
      [doc.channelId, false],
    ]);
    const admitted = await bridge.api(token, 'POST', `/conferences/${conferenceId}/live/lobby/next/admit`);
    expect(admitted.status).toBe(200);
    await early.waitForPrompt({ key: 'lobby.admitted' });
    await early.waitForBridge('mixing');
    const again = await bridge.api(token, 'POST', `/conferences/${conferenceId}/live/lobby/next/admit`);
    expect(again.status).toBe(409);
  });

  it('names: the doctor hears a caller by the name they said, waiting, joining and leaving; the recording goes with the call', async () => {
    const { participantCode, doc } = await sensitiveRoom({ namesRecorded: true });
    const kari = await bridge.callIn(participantCode);
    await kari.waitForPrompt({ key: 'names.say-name' });
    await kari.sayName();
    const [name] = await kari.recordedNames();
    if (name === undefined) throw new Error('no recording was made of the caller');
    expect(await bridge.world.storedRecordings()).toContain(name);
    await doc.waitForPrompt({ key: 'lobby.named-waiting', name });
    await doc.waitUntilQuiet();

    await doc.press('*8');
    await kari.waitForBridge('mixing');
    await doc.waitForPrompt({ key: 'names.joined', name });
    expect(await doc.heard()).toEqual(expect.arrayContaining(said('en', { key: 'names.joined', name })));
    await doc.waitUntilQuiet();

    await kari.hangUp();
    await doc.waitForPrompt({ key: 'names.left', name });
    await eventually(
      () => bridge.world.storedRecordings(),
      (stored) => !stored.includes(name),
      'the recording of the name is deleted',
    );
  });

  it('names: a caller who presses # at the beep is announced by the tone, and nothing of theirs is kept', async () => {
    const codes = await bridge.conferenceWithCodes({ namesRecorded: true });
    const doc = await bridge.joinNamed(codes.leaderCode);
    await doc.waitForPrompt({ key: 'meeting.others-present', count: 0 });
    await doc.waitUntilQuiet();
    const shy = await bridge.joinNamed(codes.participantCode, { seconds: 0 });
    await doc.waitForPrompt({ key: 'tone.join' });
    const [recording] = await shy.recordedNames();
    await eventually(
      () => bridge.world.storedRecordings(),
      (stored) => recording !== undefined && !stored.includes(recording),
      'the empty recording is deleted',
    );
  });

  it('names: a recorded name left behind by a crashed run is deleted when Kvorum starts', async () => {
    const witness = await bridge.dial();
    await witness.waitForPrompt({ key: 'code.enter' });
    const leftBehind = bridge.nameRecordingOf('leg-of-a-crashed-run');
    await bridge.world.leaveRecording(witness, leftBehind);
    expect(await bridge.world.storedRecordings()).toContain(leftBehind);

    await bridge.stopKvorum();
    await bridge.startKvorum();
    await eventually(
      () => bridge.world.storedRecordings(),
      (stored) => !stored.includes(leftBehind),
      'the name left behind is deleted',
    );
  });
});
