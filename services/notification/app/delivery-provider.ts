import type { DeliveryChannel } from '../../../generated/onewindow/notification/v1/notification.ts';

export interface OutgoingMessage {
  /** Also the provider's idempotency key: one id is delivered once. */
  readonly notificationId: string;
  readonly channel: DeliveryChannel;
  /** Phone number, e-mail address, push token, hall or inbox id. Personal data: never log it. */
  readonly address: string;
  /** The e-mail subject or push heading. */
  readonly title: string;
  readonly text: string;
}

/** The port every delivery channel adapter implements (SMS gateway, e-mail, hall screen, file). */
export interface DeliveryProvider {
  readonly name: string;
  /**
   * Resolves with the provider's receipt id once it took the message. Rejects with a
   * DeliveryError; any other error counts as temporary (a network fault, a timeout).
   */
  send(message: OutgoingMessage): Promise<{ receipt: string }>;
  close?(): Promise<void>;
}

/** A provider's refusal. Its message is shown in the status history: keep personal data out. */
export class DeliveryError extends Error {
  /** Retrying cannot help: the address or the message was rejected. */
  readonly permanent: boolean;
  /** The provider asked not to be called again before this (HTTP Retry-After). */
  readonly retryAfterMs: number;

  constructor(message: string, options: { permanent: boolean; retryAfterMs?: number }) {
    super(message);
    this.name = 'DeliveryError';
    this.permanent = options.permanent;
    this.retryAfterMs = options.retryAfterMs ?? 0;
  }
}
