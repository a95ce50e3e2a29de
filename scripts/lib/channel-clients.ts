import * as grpc from '@grpc/grpc-js';
import { AcceptanceServiceClient } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { ApprovalServiceClient } from '../../generated/onewindow/approval/v1/approval_service.ts';
import { NotificationServiceClient } from '../../generated/onewindow/notification/v1/notification_service.ts';
import { SupervisionServiceClient } from '../../generated/onewindow/supervision/v1/supervision_service.ts';
import type { TokenClaims } from '../../services/platform/auth/token-claims.ts';
import { mintDevelopmentToken } from '../../services/platform/auth/development-token.ts';
import type { TokenMinter } from './token-minter.ts';

/**
 * What a channel frontend needs to talk to OneWindow: the generated clients, a caller's metadata
 * (token and channel) and a promise-returning call with a deadline. The README shows the same.
 */
export interface Endpoints {
  readonly acceptance: string;
  readonly approval: string;
  readonly supervision: string;
  readonly notification: string;
}

/**
 * gRPC's own retry policy (grpc-js): UNAVAILABLE means "not yet" (a read model behind its
 * consistency token, a server starting) and every OneWindow method is safe to retry (commands
 * carry request ids), so clients try again with back-off within the call's deadline.
 */
const retryUnavailable = {
  'grpc.service_config': JSON.stringify({
    methodConfig: [
      {
        name: [{}],
        retryPolicy: { maxAttempts: 5, initialBackoff: '0.2s', maxBackoff: '2s', backoffMultiplier: 2, retryableStatusCodes: ['UNAVAILABLE'] },
      },
    ],
  }),
};

/** Plaintext unless `credentials` says otherwise (tls-credentials.ts's clientCredentials). */
export function connect(endpoints: Endpoints, credentials = grpc.credentials.createInsecure()) {
  const clients = {
    acceptance: new AcceptanceServiceClient(endpoints.acceptance, credentials, retryUnavailable),
    approval: new ApprovalServiceClient(endpoints.approval, credentials, retryUnavailable),
    supervision: new SupervisionServiceClient(endpoints.supervision, credentials, retryUnavailable),
    notification: new NotificationServiceClient(endpoints.notification, credentials, retryUnavailable),
  };
  return { ...clients, close: () => Object.values(clients).forEach((client) => client.close()) };
}

export type Channel = 'counter' | 'pc' | 'mobile' | 'kiosk' | 'hotline' | 'mail';

/**
 * The metadata a caller sends: who (a token `mint` makes: a development token unless told, see
 * token-minter.ts) and through which channel.
 */
export function callerMetadata(claims: TokenClaims, channel: Channel, mint: TokenMinter = mintDevelopmentToken): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${mint(claims)}`);
  metadata.set('ow-channel', channel);
  return metadata;
}

export type UnaryMethod<Request, Response> = (
  request: Request,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: (error: grpc.ServiceError | null, response: Response) => void,
) => grpc.ClientUnaryCall;

/** Calls a unary method with a deadline and returns a promise. */
export function call<Request, Response>(
  method: UnaryMethod<Request, Response>,
  client: grpc.Client,
  request: Request,
  metadata: grpc.Metadata,
  timeoutMs = 5000,
): Promise<Response> {
  return new Promise((resolve, reject) =>
    method.call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}
