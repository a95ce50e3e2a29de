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
  #pending: Array<{ notificationId: string; line: string; resolve: () => void; reject: (error: unknown) => void }> = [];

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
    await this.#write(message.notificationId, JSON.stringify(line));
    return { receipt };
  }

  /**
   * Appends a line, synced before the delivery is recorded as an event, so a recorded delivery is
   * never lost. Lines written at the same time share one write and one sync.
   */
  #write(notificationId: string, line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ notificationId, line, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const pending = this.#pending.splice(0);
    try {
      const file = openSync(this.#path, 'a');
      try {
        // Each line starts on a fresh line, even after a torn one.
        writeSync(file, pending.map((p) => `\n${p.line}\n`).join(''));
        fsyncSync(file);
      } finally {
        closeSync(file);
      }
    } catch (error) {
      for (const p of pending) p.reject(error);
      return;
    }
    for (const p of pending) {
      this.#delivered.add(p.notificationId);
      p.resolve();
    }
  }
}
