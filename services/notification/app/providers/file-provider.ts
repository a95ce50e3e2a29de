import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { maskAddress } from '../../../platform/privacy/mask-personal-data.ts';
import type { DeliveryProvider, OutgoingMessage } from '../delivery-provider.ts';

/**
 * Embedded mode's provider: "delivers" by appending one JSON line per message to a file (the hall's
 * outbox for an SMS modem, or just a record). Idempotent on the notification id across restarts;
 * addresses are written masked, so the file holds no phone numbers.
 */
export class FileDeliveryProvider implements DeliveryProvider {
  readonly name = 'file';
  readonly #path: string;
  readonly #delivered = new Set<string>();

  constructor(path: string) {
    this.#path = path;
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) this.#remember(line);
    }
  }

  /** A line cut short by a crash mid-write was never delivered; it is skipped, not fatal. */
  #remember(line: string): void {
    if (!line.trim()) return;
    try {
      this.#delivered.add((JSON.parse(line) as { notificationId: string }).notificationId);
    } catch {
      // The torn line's message is sent again: its delivery was never recorded.
    }
  }

  async send(message: OutgoingMessage): Promise<{ receipt: string }> {
    const receipt = `file:${message.notificationId}`;
    if (this.#delivered.has(message.notificationId)) return { receipt };
    const line = { notificationId: message.notificationId, channel: message.channel, address: maskAddress(message.address), text: message.text, at: new Date().toISOString() };
    // Synced before the delivery is recorded as an event, so a recorded delivery is never lost.
    const file = openSync(this.#path, 'a');
    try {
      // Starts on a fresh line even after a torn one.
      writeSync(file, `\n${JSON.stringify(line)}\n`);
      fsyncSync(file);
    } finally {
      closeSync(file);
    }
    this.#delivered.add(message.notificationId);
    return { receipt };
  }
}
