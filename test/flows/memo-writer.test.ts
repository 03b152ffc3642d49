import { describe, expect, it } from 'vitest';
import { createMemoWriter } from '../../src/app/bridge/memo-writer';
import { ChannelGoneError, TelephonyError, type Telephony } from '../../src/app/ports/telephony';

/** A telephony whose variable writes stay unanswered until the test answers them, as behind a prompt on Asterisk. */
function heldVariableWrites() {
  const writes: Array<{ channelId: string; value: string; answer: (error?: Error) => void }> = [];
  const telephony = {
    setChannelVar: (channelId: string, _name: string, value: string) =>
      new Promise<void>((resolve, reject) => {
        writes.push({ channelId, value, answer: (error) => (error ? reject(error) : resolve()) });
      }),
  } as unknown as Telephony;
  return { telephony, writes };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
/** No prompt is playing to any channel. */
const quietNow = () => Promise.resolve();

describe('the variables that remember a call for a restart', () => {
  it('is written on the next turn, once at a time, and only the latest of the memos that piled up meanwhile follows', async () => {
    const { telephony, writes } = heldVariableWrites();
    const memos = createMemoWriter(telephony, quietNow, () => {});
    memos.write('lea', 'KVORUM_STATE', 'muted=0');
    memos.write('lea', 'KVORUM_STATE', 'muted=0;meeting=m1');
    expect(writes).toEqual([]);
    await settle();
    expect(writes.map((w) => w.value)).toEqual(['muted=0;meeting=m1']);

    memos.write('lea', 'KVORUM_STATE', 'muted=1;meeting=m1');
    memos.write('lea', 'KVORUM_STATE', 'muted=1;meeting=m1;locked=1');
    await settle();
    expect(writes).toHaveLength(1);
    writes[0]?.answer();
    await settle();
    expect(writes.map((w) => w.value)).toEqual(['muted=0;meeting=m1', 'muted=1;meeting=m1;locked=1']);
  });

  it('does not wait for another channel', async () => {
    const { telephony, writes } = heldVariableWrites();
    const memos = createMemoWriter(telephony, quietNow, () => {});
    memos.write('lea', 'KVORUM_STATE', 'muted=1');
    memos.write('pat', 'KVORUM_STATE', 'muted=1');
    await settle();
    expect(writes.map((w) => w.channelId)).toEqual(['lea', 'pat']);
  });

  it('reports a failed write, keeps quiet about a channel that is gone, and goes on writing', async () => {
    const { telephony, writes } = heldVariableWrites();
    const failures: string[] = [];
    const memos = createMemoWriter(telephony, quietNow, (channelId) => failures.push(channelId));
    memos.write('lea', 'KVORUM_STATE', 'muted=1');
    await settle();
    memos.write('lea', 'KVORUM_STATE', 'muted=0');
    writes[0]?.answer(new TelephonyError('timed out', 'timeout'));
    await settle();
    expect(failures).toEqual(['lea']);
    expect(writes.map((w) => w.value)).toEqual(['muted=1', 'muted=0']);

    memos.write('pat', 'KVORUM_STATE', 'muted=1');
    await settle();
    writes[2]?.answer(new ChannelGoneError('pat'));
    await settle();
    expect(failures).toEqual(['lea']);
  });

  it('keeps the latest value of each variable, and writes them all', async () => {
    const { telephony, writes } = heldVariableWrites();
    const memos = createMemoWriter(telephony, quietNow, () => {});
    memos.write('lea', 'KVORUM_LEG', 'leg-1');
    memos.write('lea', 'KVORUM_STATE', 'muted=0');
    memos.write('lea', 'KVORUM_STATE', 'muted=1');
    await settle();
    writes[0]?.answer();
    await settle();
    expect(writes.map((w) => w.value)).toEqual(['leg-1', 'muted=1']);
  });
});
