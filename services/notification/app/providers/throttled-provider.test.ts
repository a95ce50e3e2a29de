import { describe, expect, it } from 'vitest';
import type { DeliveryProvider, OutgoingMessage } from '../delivery-provider.ts';
import { throttled } from './throttled-provider.ts';

describe('throttled provider', () => {
  it('starts at most the limit of sends in any second, and drops none', async () => {
    const started: number[] = [];
    const inner: DeliveryProvider = { name: 'gateway', send: async (m) => (started.push(performance.now()), { receipt: m.notificationId }) };
    const provider = throttled(inner, 3);
    const message = (id: number): OutgoingMessage => ({ notificationId: `n-${id}`, channel: 'DELIVERY_CHANNEL_SMS', address: '', title: '', text: '' });
    const receipts = await Promise.all(Array.from({ length: 7 }, (_, id) => provider.send(message(id))));
    expect(receipts.map((r) => r.receipt)).toEqual(Array.from({ length: 7 }, (_, id) => `n-${id}`));
    expect(provider.name).toBe('gateway');
    // A limit only ever delays: for every fourth send, the first of the three before it started a second or more earlier.
    for (let i = 3; i < started.length; i++) expect(started[i]! - started[i - 3]!).toBeGreaterThanOrEqual(990);
  });
});
