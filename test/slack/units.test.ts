/** Small pieces of the Slack adapter: the retry de-duplicator and the ack-first gate. */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { AckFirstGate } from '../../src/slack/ack-first';
import { SharedClaims } from '../../src/slack/dedupe';
import { MemoryStore } from '../../src/store/memory';

describe('SharedClaims', () => {
  test('an id is claimed once within the window, again after it', async () => {
    let now = 0;
    const ids = new SharedClaims(new MemoryStore({ now: () => now }), 1000);
    expect(await ids.claim('Ev1')).toBe(true);
    expect(await ids.claim('Ev1')).toBe(false);
    now = 999;
    expect(await ids.claim('Ev1')).toBe(false);
    now = 2500;
    expect(await ids.claim('Ev1')).toBe(true);
  });

  test('two adapters over one store: one winner', async () => {
    const store = new MemoryStore();
    const [a, b] = [new SharedClaims(store), new SharedClaims(store)];
    expect([await a.claim('Ev2'), await b.claim('Ev2')]).toEqual([true, false]);
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
