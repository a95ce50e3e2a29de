import pThrottle from 'p-throttle';
import type { DeliveryProvider, OutgoingMessage } from '../delivery-provider.ts';

/**
 * A provider called at most `perSecond` times in any second (p-throttle, strict: no burst at a
 * window's edge). Calls over the limit wait their turn; none is dropped. Gateways bill and block
 * by rate, and an SMS platform's contract names one.
 */
export function throttled(provider: DeliveryProvider, perSecond: number): DeliveryProvider {
  const send = pThrottle({ limit: perSecond, interval: 1_000, strict: true })((message: OutgoingMessage) => provider.send(message));
  return {
    name: provider.name,
    send,
    close: () => provider.close?.() ?? Promise.resolve(),
  };
}
