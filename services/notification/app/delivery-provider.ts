import type { DeliveryChannel } from '../../../generated/onewindow/notification/v1/notification.ts';

export interface OutgoingMessage {
  /** Also the provider's idempotency key: one id is delivered once. */
  readonly notificationId: string;
  readonly channel: DeliveryChannel;
  readonly address: string;
  readonly text: string;
}

/** The port every delivery channel adapter implements (SMS gateway, e-mail, hall screen, file). */
export interface DeliveryProvider {
  readonly name: string;
  /** Resolves with the provider's receipt id once it accepted the message. */
  send(message: OutgoingMessage): Promise<{ receipt: string }>;
}
