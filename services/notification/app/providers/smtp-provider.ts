import nodemailer, { type Transporter } from 'nodemailer';
import { maskPersonalDataInText } from '../../../platform/privacy/mask-personal-data.ts';
import { DeliveryError, type DeliveryProvider, type OutgoingMessage } from '../delivery-provider.ts';

export interface SmtpSettings {
  /** smtp:// or smtps:// with credentials, e.g. "smtps://user:pass@mail.example.gov.cn:465". */
  readonly url: string;
  readonly from: string;
  readonly timeoutMs: number;
}

/**
 * E-mail through an SMTP relay (nodemailer, pooled connections). The notification id becomes the
 * Message-ID, so a message sent again after a lost answer is recognisably the same one. SMTP 5xx
 * answers are permanent; 4xx and connection faults are temporary.
 */
export class SmtpDeliveryProvider implements DeliveryProvider {
  readonly name = 'smtp';
  readonly #transport: Transporter;
  readonly #from: string;

  constructor(settings: SmtpSettings) {
    this.#from = settings.from;
    this.#transport = nodemailer.createTransport({
      url: settings.url,
      pool: true,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
    } as Parameters<typeof nodemailer.createTransport>[0]);
  }

  async send(message: OutgoingMessage): Promise<{ receipt: string }> {
    const messageId = `<${message.notificationId}@onewindow>`;
    try {
      await this.#transport.sendMail({
        from: this.#from,
        to: message.address,
        subject: message.title,
        text: message.text,
        messageId,
      });
      return { receipt: messageId };
    } catch (error) {
      const { responseCode, response, code } = error as { responseCode?: number; response?: string; code?: string };
      // A relay's answer often quotes the mailbox it refused: masked with the rest.
      const said = maskPersonalDataInText(response ?? code ?? 'connection failed').slice(0, 200);
      throw new DeliveryError(`SMTP ${responseCode ?? ''} ${said}`.replace(/\s+/g, ' ').trim(), {
        permanent: responseCode !== undefined && responseCode >= 500,
      });
    }
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}
