import { describe, expect, it } from 'vitest';
import { ChatSequencer } from '../../../../src/systems/skincare/bot/sequencer.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ChatSequencer: one chat in order, chats side by side, a bound on how many run', () => {
  it('runs one key’s tasks in call order, one at a time, while other keys run meanwhile', async () => {
    const sequencer = new ChatSequencer(16);
    const events: string[] = [];
    const task = (label: string, ms: number) => async () => {
      events.push(`${label} start`);
      await sleep(ms);
      events.push(`${label} end`);
      return label;
    };
    const results = await Promise.all([
      sequencer.run(1, task('a1', 60)),
      sequencer.run(1, task('a2', 0)),
      sequencer.run(2, task('b1', 10)),
      sequencer.run(1, task('a3', 0)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1', 'a3']);
    // b1 ran inside a1; chat 1's tasks never overlapped and kept their order.
    expect(events).toEqual([
      'a1 start',
      'b1 start',
      'b1 end',
      'a1 end',
      'a2 start',
      'a2 end',
      'a3 start',
      'a3 end',
    ]);
    expect(sequencer.pending).toBe(0);
  });

  it('never runs more than maxRunning at once; the rest wait their turn and all finish', async () => {
    const sequencer = new ChatSequencer(3);
    let running = 0;
    let most = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, chat) =>
        sequencer.run(chat, async () => {
          most = Math.max(most, ++running);
          expect(sequencer.running).toBeLessThanOrEqual(3);
          await sleep(5);
          running--;
          return chat;
        }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 20 }, (_, chat) => chat));
    expect(most).toBe(3);
    expect(() => new ChatSequencer(0)).toThrow(RangeError);
  });

  it('a failed task rejects its own promise only; the chat’s next task runs; idle() waits for all', async () => {
    const sequencer = new ChatSequencer(2);
    const failing = sequencer.run(7, async () => {
      await sleep(5);
      throw new Error('handler failed');
    });
    const next = sequencer.run(7, async () => 'still served');
    let idle = false;
    const settled = sequencer.idle().then(() => (idle = true));
    await expect(failing).rejects.toThrow('handler failed');
    expect(await next).toBe('still served');
    await settled;
    expect(idle).toBe(true);
    expect(sequencer.pending).toBe(0);
  });
});
