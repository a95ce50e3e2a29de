import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

const HealthClient = grpc.makeClientConstructor(healthService, 'grpc.health.v1.Health');

/**
 * grpc.health.v1 Check with a deadline on the whole call (connecting included), so that a server
 * whose event loop is stuck answers "no answer" instead of holding the caller for ever. A channel of
 * its own (no shared subchannel), so that it connects afresh.
 */
export function healthOf(address: string, timeoutMs = 3_000): Promise<string> {
  const client = new HealthClient(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }) as unknown as grpc.Client & {
    Check(request: { service: string }, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, response?: { status: string }) => void): void;
  };
  return new Promise<string>((resolve) =>
    client.Check({ service: '' }, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      resolve(error ? `no answer (${grpc.status[error.code] ?? error.code}: ${error.details})` : (response?.status ?? 'no status'));
    }),
  );
}
