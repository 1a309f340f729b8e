import { describe, expect, it } from 'vitest';
import { WakeSignal } from './subscription';

// whether a promise has settled once everything already queued has run
const settled = async (promise: Promise<void>): Promise<boolean> => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
};

describe('WakeSignal', () => {
  it('holds a wait until the next wake, then ends every wait', async () => {
    const wakes = new WakeSignal();
    const signal = new AbortController().signal;
    const first = wakes.wait(signal);
    const second = wakes.wait(signal);
    expect(await settled(first)).toBe(false);
    wakes.wake();
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(true);
    expect(wakes.generation).toBe(1);
  });

  it('ends a wait at once when woken since the generation it was given', async () => {
    const wakes = new WakeSignal();
    const seen = wakes.generation;
    wakes.wake();
    expect(await settled(wakes.wait(new AbortController().signal, seen))).toBe(true);
    expect(await settled(wakes.wait(new AbortController().signal, wakes.generation))).toBe(false);
  });

  it('ends a wait on abort, and at once when already aborted', async () => {
    const wakes = new WakeSignal();
    const controller = new AbortController();
    const waiting = wakes.wait(controller.signal);
    controller.abort();
    expect(await settled(waiting)).toBe(true);
    expect(await settled(wakes.wait(controller.signal))).toBe(true);
  });

  it('ends a wait after the poll interval without a wake', async () => {
    const wakes = new WakeSignal(1);
    await wakes.wait(new AbortController().signal);
    expect(wakes.generation).toBe(0);
  });

  it('ends every wait, and every later one at once, when closed', async () => {
    const wakes = new WakeSignal();
    const waiting = wakes.wait(new AbortController().signal);
    wakes.close();
    expect(await settled(waiting)).toBe(true);
    expect(await settled(wakes.wait(new AbortController().signal, wakes.generation))).toBe(true);
  });
});
