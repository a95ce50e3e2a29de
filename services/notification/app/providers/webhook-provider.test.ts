import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError, type OutgoingMessage } from '../delivery-provider.ts';
import { WebhookDeliveryProvider } from './webhook-provider.ts';

const message: OutgoingMessage = { notificationId: 'n-1', channel: 'DELIVERY_CHANNEL_SMS', address: '13800138000', title: '办件已受理', text: '您的办件已受理' };

/** A gateway on 127.0.0.1 that answers each request as `answer` says, and records the headers. */
async function gateway(answer: (count: number) => { status: number; body?: string; headers?: Record<string, string>; hang?: boolean }) {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    request.on('end', () => {
      const { status, body = '', headers = {}, hang } = answer(seen.length);
      if (!hang) response.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return { url, seen, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a DeliveryError'); }, (error: unknown) => error as DeliveryError);

describe('WebhookDeliveryProvider', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const provider = async (answer: Parameters<typeof gateway>[0], timeoutMs = 2_000) => {
    const server = await gateway(answer);
    closers.push(server.close);
    return { server, webhook: new WebhookDeliveryProvider({ url: server.url, authorization: 'Bearer key-1', timeoutMs }) };
  };

  it('posts the message with its idempotency key and authorization, and returns the gateway\'s id', async () => {
    const { server, webhook } = await provider(() => ({ status: 202, body: '{"id":"sms-778"}' }));
    expect(await webhook.send(message)).toEqual({ receipt: 'sms-778' });
    expect(server.seen[0]).toMatchObject({ 'idempotency-key': 'n-1', authorization: 'Bearer key-1', 'content-type': 'application/json; charset=utf-8' });
  });

  it('makes up a receipt when the gateway names none', async () => {
    const { webhook } = await provider(() => ({ status: 200, body: 'OK' }));
    expect(await webhook.send(message)).toEqual({ receipt: 'webhook:n-1' });
  });

  it('treats 5xx, 408, 425 and 429 as temporary, honouring Retry-After', async () => {
    for (const status of [500, 503, 408, 425, 429]) {
      const { webhook } = await provider(() => ({ status, body: 'busy', headers: { 'retry-after': '30' } }));
      const failure = await failureOf(webhook.send(message));
      expect(failure).toBeInstanceOf(DeliveryError);
      expect(failure).toMatchObject({ permanent: false, retryAfterMs: 30_000, message: `HTTP ${status} busy` });
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', async () => {
    const later = new Date(Date.now() + 120_000).toUTCString();
    const { webhook } = await provider(() => ({ status: 503, headers: { 'retry-after': later } }));
    const failure = await failureOf(webhook.send(message));
    expect(failure.retryAfterMs).toBeGreaterThan(100_000);
    expect(failure.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('treats other 4xx answers as permanent, masking the number the gateway quotes', async () => {
    const { webhook } = await provider(() => ({ status: 400, body: '{"error":"13800138000 is not a mobile number"}' }));
    const failure = await failureOf(webhook.send(message));
    expect(failure).toMatchObject({ permanent: true });
    expect(failure.message).toBe('HTTP 400 {"error":"138****8000 is not a mobile number"}');
  });

  it('counts a gateway that does not answer in time, or cannot be reached, as temporary', async () => {
    const { webhook } = await provider(() => ({ status: 200, hang: true }), 200);
    expect(await failureOf(webhook.send(message))).toMatchObject({ permanent: false, message: 'no answer within 200 ms' });
    const closed = await gateway(() => ({ status: 200 }));
    await closed.close();
    const unreachable = new WebhookDeliveryProvider({ url: closed.url, authorization: '', timeoutMs: 2_000 });
    expect(await failureOf(unreachable.send(message))).toMatchObject({ permanent: false, message: 'the gateway could not be reached (ECONNREFUSED)' });
  });
});
