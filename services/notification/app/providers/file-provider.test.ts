import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileDeliveryProvider } from './file-provider.ts';

const message = (notificationId: string) => ({ notificationId, channel: 'DELIVERY_CHANNEL_SMS' as const, address: '13800138000', title: '办件已受理', text: '您的办件已受理' });

describe('FileDeliveryProvider', () => {
  it('writes each notification once, across restarts, with the address masked', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ow-outbox-')), 'outbox.jsonl');
    const provider = new FileDeliveryProvider(path);
    expect(await provider.send(message('n-1'))).toEqual({ receipt: 'file:n-1' });
    await provider.send(message('n-1'));
    await new FileDeliveryProvider(path).send(message('n-1'));
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('138****8000');
    expect(lines[0]).not.toContain('13800138000');
  });

  it('starts after a crash left a torn last line, and sends that message again', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ow-outbox-')), 'outbox.jsonl');
    await new FileDeliveryProvider(path).send(message('n-1'));
    appendFileSync(path, '{"notificationId":"n-2","chan');
    const restarted = new FileDeliveryProvider(path);
    await restarted.send(message('n-1'));
    await restarted.send(message('n-2'));
    const ids = readFileSync(path, 'utf8').split('\n').filter((line) => line.startsWith('{') && line.endsWith('}')).map((line) => JSON.parse(line).notificationId);
    expect(ids).toEqual(['n-1', 'n-2']);
  });
});
