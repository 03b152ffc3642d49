/**
 * Every prompt a caller can hear, as ARI media URIs. All but `activated` /
 * `de-activated` are in Asterisk's core conference sounds; those two are in
 * the core sounds package too (the `#9` answer has no conference prompt).
 */
export const prompts = {
  enterCode: 'sound:conf-getpin',
  invalidCode: 'sound:conf-invalidpin',
  goodbye: 'sound:goodbye',
  waitForLeader: 'sound:conf-waitforleader',
  onlyPerson: 'sound:conf-onlyperson',
  thereAre: 'sound:conf-thereare',
  otherInParty: 'sound:conf-otherinparty',
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
} as const;

/** What a leader hears on entering: how many others are already in the meeting. */
export function othersPresentPrompt(others: number): string[] {
  return others === 0 ? [prompts.onlyPerson] : [prompts.thereAre, `number:${others}`, prompts.otherInParty];
}

/**
 * The `#2` answer: the head count of the meeting, the leader included (as the
 * keypad table asks), spoken with the same prompts; alone, "you are the only person".
 */
export function headCountPrompt(total: number): string[] {
  return total <= 1 ? [prompts.onlyPerson] : [prompts.thereAre, `number:${total}`, prompts.otherInParty];
}
