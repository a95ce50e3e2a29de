import { maskPersonalDataInText } from '../../../platform/privacy/mask-personal-data.ts';
import { DeliveryError, type DeliveryProvider, type OutgoingMessage } from '../delivery-provider.ts';
import { channelNames } from '../channel-names.ts';

export interface WebhookSettings {
  readonly url: string;
  /** The Authorization header's value, e.g. "Bearer …"; empty for none. */
  readonly authorization: string;
  readonly timeoutMs: number;
}

/** Statuses after which the same request may succeed later; every other 4xx is final. */
const TEMPORARY = new Set([408, 425, 429]);

/**
 * Hands messages to an SMS, push or e-mail gateway over HTTP: one JSON POST per message, with the
 * notification id as Idempotency-Key so a message retried after a lost answer is sent once.
 * 2xx: taken (the receipt is the body's "id" when there is one). 408, 425, 429, 5xx, a timeout or
 * a network fault: temporary, honouring Retry-After. Any other answer: permanent.
 */
export class WebhookDeliveryProvider implements DeliveryProvider {
  readonly name = 'webhook';
  readonly #settings: WebhookSettings;

  constructor(settings: WebhookSettings) {
    this.#settings = settings;
  }

  async send(message: OutgoingMessage): Promise<{ receipt: string }> {
    let response: Response;
    try {
      response = await fetch(this.#settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'idempotency-key': message.notificationId,
          ...(this.#settings.authorization ? { authorization: this.#settings.authorization } : {}),
        },
        body: JSON.stringify({
          notificationId: message.notificationId,
          channel: channelNames[message.channel],
          to: message.address,
          title: message.title,
          text: message.text,
        }),
        signal: AbortSignal.timeout(this.#settings.timeoutMs),
      });
    } catch (error) {
      throw new DeliveryError(networkFault(error, this.#settings.timeoutMs), { permanent: false });
    }
    const body = await response.text().catch(() => '');
    if (response.ok) return { receipt: receiptOf(body) ?? `webhook:${message.notificationId}` };
    // The gateway's words may quote the number or address it refused.
    const reason = `HTTP ${response.status} ${maskPersonalDataInText(body.slice(0, 200))}`.trim();
    const temporary = TEMPORARY.has(response.status) || response.status >= 500;
    throw new DeliveryError(reason, { permanent: !temporary, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
  }
}

function networkFault(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string } }).cause;
  // The URL stays out of the reason: it may hold a key.
  return `the gateway could not be reached${cause?.code ? ` (${cause.code})` : ''}`;
}

function receiptOf(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds or as an HTTP date; 0 when absent or unreadable. */
function retryAfterMs(header: string | null): number {
  if (!header) return 0;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, at - Date.now());
}
