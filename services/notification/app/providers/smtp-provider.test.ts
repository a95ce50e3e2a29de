import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../../../test/support/smtp-sink.ts';
import type { DeliveryError, OutgoingMessage } from '../delivery-provider.ts';
import { SmtpDeliveryProvider } from './smtp-provider.ts';

const message = (address: string): OutgoingMessage => ({ notificationId: 'n-1', channel: 'DELIVERY_CHANNEL_EMAIL', address, title: '办件已受理', text: '您的办件已受理。' });
const failureOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a DeliveryError'); }, (error: unknown) => error as DeliveryError);

describe('SmtpDeliveryProvider', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('sends the message with the notification id as Message-ID; 5xx is permanent, 4xx temporary', async () => {
    const sink = await startSmtpSink((mailbox) => (mailbox.startsWith('gone') ? 550 : mailbox.startsWith('full') ? 451 : undefined));
    const smtp = new SmtpDeliveryProvider({ url: sink.url, from: '一网通办 <noreply@example.gov.cn>', timeoutMs: 5_000 });
    // The client's pooled connection first, or the sink waits for it to end.
    closers.push(() => smtp.close(), sink.close);

    expect(await smtp.send(message('zhang@example.com'))).toEqual({ receipt: '<n-1@onewindow>' });
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]!.to).toEqual(['zhang@example.com']);
    expect(sink.mails[0]!.raw).toContain('Message-ID: <n-1@onewindow>');

    const gone = await failureOf(smtp.send(message('gone@example.com')));
    expect(gone).toMatchObject({ permanent: true });
    // The relay quoted the mailbox; the reason keeps only its first letter.
    expect(gone.message).toMatch(/^SMTP 550 .*g\*\*\*@example\.com/);
    expect(gone.message).not.toContain('gone@example.com');
    expect(await failureOf(smtp.send(message('full@example.com')))).toMatchObject({ permanent: false });
  });

  it('counts a relay that cannot be reached as temporary', async () => {
    const smtp = new SmtpDeliveryProvider({ url: 'smtp://127.0.0.1:9', from: 'noreply@example.gov.cn', timeoutMs: 2_000 });
    closers.push(() => smtp.close());
    expect(await failureOf(smtp.send(message('zhang@example.com')))).toMatchObject({ permanent: false });
  });
});
