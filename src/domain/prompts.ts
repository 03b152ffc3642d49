/**
 * Every prompt a caller can hear, as ARI media URIs. All are in Asterisk's
 * English core sounds (Debian: asterisk-core-sounds-en); the conference ones
 * are the prompts MeetMe and ConfBridge use.
 */
export const prompts = {
  enterCode: 'sound:conf-getpin',
  invalidCode: 'sound:conf-invalidpin',
  goodbye: 'sound:goodbye',
  waitForLeader: 'sound:conf-waitforleader',
  onlyPerson: 'sound:conf-onlyperson',
  thereAre: 'sound:conf-thereare',
  otherInParty: 'sound:conf-otherinparty',
  oneOther: 'sound:confbridge-only-one',
  onlyParticipant: 'sound:confbridge-only-participant',
  countIntro: 'sound:confbridge-there-are',
  countParticipants: 'sound:confbridge-participants',
  locked: 'sound:conf-locked',
  full: 'sound:conf-full',
  lockedNow: 'sound:conf-lockednow',
  unlockedNow: 'sound:conf-unlockednow',
  allMuted: 'sound:conf-now-muted',
  allUnmuted: 'sound:conf-now-unmuted',
  youAreMuted: 'sound:conf-muted',
  youAreUnmuted: 'sound:conf-unmuted',
  leaderHasLeft: 'sound:conf-leaderhasleft',
  kicked: 'sound:conf-kicked',
  joinTone: 'sound:confbridge-join',
  leaveTone: 'sound:confbridge-leave',
  meetingEnded: 'sound:confbridge-conf-end',
  autoEndOn: 'sound:activated',
  autoEndOff: 'sound:de-activated',
  beep: 'sound:beep',
  youHave: 'sound:vm-youhave',
  minutes: 'sound:minutes',
  allCircuitsBusy: 'sound:all-circuits-busy-now',
  pleaseTryLater: 'sound:please-try-call-later',
  /** "The party you are trying to reach does not accept unidentified calls.": anonymous callers, when refused. */
  anonymousRefused: 'sound:privacy-unident',
} as const;

/**
 * "All circuits are busy now. Please try your call again later.": what a
 * caller hears when the bridge cannot take the call (a number refused after
 * too many failed codes, a shutdown); it tells a guesser nothing. The
 * dialplan's fallback says the same when Kvorum is not connected.
 */
export const tryLaterPrompt: readonly string[] = [prompts.allCircuitsBusy, prompts.pleaseTryLater];

/**
 * What a leader hears on entering: how many others are already in the meeting
 * ("There is currently one other participant in the conference.").
 */
export function othersPresentPrompt(others: number): string[] {
  if (others === 0) return [prompts.onlyPerson];
  if (others === 1) return [prompts.oneOther];
  return [prompts.thereAre, `number:${others}`, prompts.otherInParty];
}

/**
 * The `#2` answer: the head count of the meeting, the leader included, as
 * ConfBridge says it: "There are currently 3 participants in the conference."
 */
export function headCountPrompt(total: number): string[] {
  return total <= 1 ? [prompts.onlyParticipant] : [prompts.countIntro, `number:${total}`, prompts.countParticipants];
}
