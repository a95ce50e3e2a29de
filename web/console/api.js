// The platform's browser API (the Connect protocol, services/platform/web/), called with the typed
// clients generated from the protos (generated/es): the console has no backend of its own.
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { BadRequestSchema } from '/es/google/rpc/error_details_pb.js';
import { AcceptanceService } from '/es/onewindow/acceptance/v1/acceptance_service_pb.js';
import { SupervisionService } from '/es/onewindow/supervision/v1/supervision_service_pb.js';
import { session } from './session.js';

/** Tells the page that the platform refused the token (expired, revoked keys): console.js signs out. */
export const tokenRefused = (error) => window.dispatchEvent(new CustomEvent('ow:token-refused', { detail: error }));

const transport = createConnectTransport({
  baseUrl: window.location.origin,
  interceptors: [
    (next) => async (request) => {
      const token = session.token;
      request.header.set('authorization', `Bearer ${token}`);
      request.header.set('ow-channel', 'pc');
      try {
        return await next(request);
      } catch (error) {
        // A late answer to a call made with an earlier token does not sign the current one out.
        if (unauthenticated(error) && token === session.token) tokenRefused(error);
        throw error;
      }
    },
  ],
  defaultTimeoutMs: 15_000,
});

export const acceptance = createClient(AcceptanceService, transport);
export const supervision = createClient(SupervisionService, transport);

/** Whether a failed call may be tried again as it is (the platform answers UNAVAILABLE for a store or broker fault). */
export const retryable = (error) => error instanceof ConnectError && [Code.Unavailable, Code.DeadlineExceeded, Code.Unknown].includes(error.code);

export const unauthenticated = (error) => error instanceof ConnectError && error.code === Code.Unauthenticated;

/** Shows an error as the platform gave it: the status, its message, and each field violation with its rule. */
export function showError(error) {
  const violations = error instanceof ConnectError ? error.findDetails(BadRequestSchema).flatMap((detail) => detail.fieldViolations) : [];
  document.querySelector('#error').textContent = !error ? '' : error instanceof ConnectError ? `${Code[error.code]}: ${error.rawMessage}` : String(error);
  document.querySelector('#violations').replaceChildren(
    ...violations.map((violation) => Object.assign(document.createElement('li'), { textContent: `${violation.field}: ${violation.description}` })),
  );
}
