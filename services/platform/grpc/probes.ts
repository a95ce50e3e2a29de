import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { service as healthService } from 'grpc-health-check';

/**
 * Client-side probes that ask a server what any operator's tool would ask: grpc.health.v1 Check
 * and the reflection service's list. Used by tests and by scripts that wait for a server.
 */
const reflectionProto = join(
  dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')),
  'build/proto/grpc/reflection/v1/reflection.proto',
);

type UnaryClient = grpc.Client & Record<string, (request: unknown, callback: (error: grpc.ServiceError | null, response: unknown) => void) => void>;

const HealthClient = grpc.makeClientConstructor(healthService, 'grpc.health.v1.Health');

/** `credentials`: plaintext unless told (tls-credentials.ts's clientCredentials for a TLS server). */
export async function checkHealth(address: string, serviceName = '', deadlineMs = 2000, credentials = grpc.credentials.createInsecure()): Promise<string> {
  const client = new HealthClient(address, credentials) as unknown as UnaryClient;
  try {
    const response = await new Promise<{ status: string }>((resolve, reject) =>
      client.waitForReady(Date.now() + deadlineMs, (readyError) => {
        if (readyError) return reject(readyError);
        // A deadline on the call too: a stuck server must not hang the probe.
        const check = client.Check as unknown as (request: unknown, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, answer: unknown) => void) => void;
        check.call(client, { service: serviceName }, { deadline: Date.now() + deadlineMs }, (error, answer) => (error ? reject(error) : resolve(answer as { status: string })));
      }),
    );
    return response.status;
  } finally {
    client.close();
  }
}

export async function listServices(address: string, deadlineMs = 2000): Promise<string[]> {
  const definition = loadSync(reflectionProto, { keepCase: true, defaults: true, oneofs: true });
  const constructor = grpc.makeClientConstructor(
    definition['grpc.reflection.v1.ServerReflection'] as grpc.ServiceDefinition,
    'grpc.reflection.v1.ServerReflection',
  );
  const client = new constructor(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    ServerReflectionInfo(options: grpc.CallOptions): grpc.ClientDuplexStream<unknown, { list_services_response?: { service: Array<{ name: string }> } }>;
  };
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const call = client.ServerReflectionInfo({ deadline: Date.now() + deadlineMs });
      call.on('data', (response) => {
        resolve((response.list_services_response?.service ?? []).map((entry: { name: string }) => entry.name).sort());
        call.end();
      });
      call.on('error', reject);
      call.write({ list_services: '' });
    });
  } finally {
    client.close();
  }
}
