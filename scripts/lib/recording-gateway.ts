import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: { notificationId: string; channel: string; to: string; title: string; text: string };
  /** When it arrived (Date.now()). */
  readonly at: number;
}

/**
 * An SMS/push gateway on 127.0.0.1 that records every request it gets and answers 200 with its own
 * message id, the receipt its delivery callbacks would name. By default it does not deduplicate: a
 * message sent twice is recorded twice, which is what the tests look for. With
 * `honourIdempotencyKey` it behaves as the webhook provider expects a real gateway to
 * (docs/architecture.md, Dispatcher): a request repeating an Idempotency-Key is recorded and
 * answered with the first one's id, not delivered again.
 */
export async function startRecordingGateway(options: { honourIdempotencyKey?: boolean } = {}) {
  const requests: RecordedRequest[] = [];
  const answered = new Map<string, string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const key = options.honourIdempotencyKey ? String(request.headers['idempotency-key'] ?? '') : '';
      const earlier = key ? answered.get(key) : undefined;
      requests.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), at: Date.now() });
      const id = earlier ?? `gw-${requests.length}`;
      if (key) answered.set(key, id);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    requests,
    /** The gateway's id for a notification, as it answered. */
    receiptOf: (notificationId: string) => `gw-${requests.findIndex((r) => r.body.notificationId === notificationId) + 1}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
