/** Small pieces of the Slack adapter: the retry de-duplicator and the ack-first gate. */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { AckFirstGate } from '../../src/slack/ack-first';
import { RecentIds } from '../../src/slack/dedupe';

describe('RecentIds', () => {
  test('an id is seen once within the TTL, again after it', () => {
    let now = 0;
    const ids = new RecentIds(1000, 100, { now: () => now });
    expect(ids.seen('Ev1')).toBe(false);
    expect(ids.seen('Ev1')).toBe(true);
    now = 999;
    expect(ids.seen('Ev1')).toBe(true);
    now = 2500;
    expect(ids.seen('Ev1')).toBe(false);
  });

  test('stays bounded, forgetting the oldest first', () => {
    const ids = new RecentIds(60_000, 3, { now: () => 0 });
    for (const id of ['a', 'b', 'c', 'd']) ids.seen(id);
    expect(ids.size).toBeLessThanOrEqual(3);
    expect(ids.seen('d')).toBe(true);
    expect(ids.seen('a')).toBe(false);
  });
});

describe('AckFirstGate', () => {
  const response = () => new EventEmitter() as unknown as ServerResponse;

  test('work waits while a request waits for its ack, and goes once it is answered', async () => {
    const gate = new AckFirstGate(60_000, 0);
    const res = response();
    gate.watch(res);
    let ran = false;
    const waiting = gate.wait().then(() => {
      ran = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(ran).toBe(false);
    expect(gate.waiting).toBe(1);
    res.emit('finish');
    await waiting;
    expect(ran).toBe(true);
  });

  test('work is never starved: the wait is bounded', async () => {
    const gate = new AckFirstGate(5, 0);
    gate.watch(response()); // never answered
    await gate.wait(); // resolves through the bound
    expect(gate.waiting).toBe(0);
  });

  test('release() lets everything go (used when stopping)', async () => {
    const gate = new AckFirstGate(60_000, 0);
    gate.watch(response());
    const w = gate.wait();
    gate.release();
    await w;
    expect(gate.waiting).toBe(0);
  });
});
