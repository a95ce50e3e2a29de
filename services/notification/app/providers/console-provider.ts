import { maskAddress } from '../../../platform/privacy/mask-personal-data.ts';
import type { DeliveryProvider, OutgoingMessage } from '../delivery-provider.ts';

/** Prints each message to a stream (stdout by default), with the address masked. For development. */
export class ConsoleDeliveryProvider implements DeliveryProvider {
  readonly name = 'console';
  readonly #write: (line: string) => void;

  constructor(write: (line: string) => void = (line) => process.stdout.write(line)) {
    this.#write = write;
  }

  async send(message: OutgoingMessage): Promise<{ receipt: string }> {
    this.#write(`[notification ${message.channel}] to ${maskAddress(message.address)}: ${message.text}\n`);
    return { receipt: `console:${message.notificationId}` };
  }
}
