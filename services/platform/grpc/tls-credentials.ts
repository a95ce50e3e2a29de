import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';

/** The TLS settings (OW_GRPC_TLS_*): all empty means plaintext gRPC. */
export interface TlsSettings {
  readonly OW_GRPC_TLS_CERT_FILE: string;
  readonly OW_GRPC_TLS_KEY_FILE: string;
  readonly OW_GRPC_TLS_CLIENT_CA_FILE: string;
}

/**
 * What our gRPC servers listen with: plaintext, TLS with the configured certificate, or mutual TLS
 * when a client CA is configured — then a caller without a certificate that CA signed cannot even
 * open a connection, whatever token it holds. Files are read once, at start.
 */
export function serverCredentials(settings: TlsSettings): grpc.ServerCredentials {
  if (!settings.OW_GRPC_TLS_CERT_FILE) return grpc.ServerCredentials.createInsecure();
  const clientCa = settings.OW_GRPC_TLS_CLIENT_CA_FILE ? readFileSync(settings.OW_GRPC_TLS_CLIENT_CA_FILE) : null;
  return grpc.ServerCredentials.createSsl(
    clientCa,
    [{ cert_chain: readFileSync(settings.OW_GRPC_TLS_CERT_FILE), private_key: readFileSync(settings.OW_GRPC_TLS_KEY_FILE) }],
    clientCa !== null,
  );
}

/**
 * What our own tools (npm run demo, probes) call our servers with, from the same settings: they
 * verify the servers with the client CA (one internal CA issues both sides' certificates, as a
 * cert-manager CA Issuer does) or the system's CAs, and present this process's certificate.
 */
export function clientCredentials(settings: TlsSettings): grpc.ChannelCredentials {
  if (!settings.OW_GRPC_TLS_CERT_FILE && !settings.OW_GRPC_TLS_CLIENT_CA_FILE) return grpc.credentials.createInsecure();
  const read = (path: string) => (path ? readFileSync(path) : null);
  return grpc.credentials.createSsl(read(settings.OW_GRPC_TLS_CLIENT_CA_FILE), read(settings.OW_GRPC_TLS_KEY_FILE), read(settings.OW_GRPC_TLS_CERT_FILE));
}
