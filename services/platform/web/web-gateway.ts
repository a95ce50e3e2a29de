import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import type { DescService } from '@bufbuild/protobuf';
import { cors as connectCors } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import cors from 'cors';
import serveStatic from 'serve-static';
import type { Logger } from '../logging/logger.ts';
import { forwardedService } from './grpc-forwarder.ts';

export interface WebGatewayOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The largest request message accepted (as the gRPC servers' OW_GRPC_MAX_REQUEST_BYTES). */
  readonly maxRequestBytes: number;
  /** Origins whose pages may call (CORS); the gateway's own pages always may. */
  readonly allowedOrigins: readonly string[];
  /** Each service and the "host:port" of its gRPC server. */
  readonly services: readonly { readonly descriptor: DescService; readonly endpoint: string }[];
  /** What the gateway calls the gRPC servers with (plaintext, or the platform's TLS). */
  readonly credentials: grpc.ChannelCredentials;
  /** Static files: each URL prefix from its directory. */
  readonly files?: readonly { readonly prefix: string; readonly directory: string }[];
  /** The page at "/". */
  readonly index?: string;
  /** Headers the page at "/" is served with (its Content-Security-Policy). */
  readonly indexHeaders?: Readonly<Record<string, string>>;
  readonly logger: Logger;
}

export interface WebGateway {
  /** "http://host:port" */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The platform's API for browsers (portal, H5 pages, browser kiosks, the console): the Connect
 * protocol and gRPC-Web over HTTP/1.1 (https://connectrpc.com/docs/protocol), server streaming
 * included, with CORS for the configured origins. Each call is carried to the service's own gRPC
 * server (grpc-forwarder.ts), so browsers and gRPC callers get the same answers.
 */
export async function startWebGateway(options: WebGatewayOptions): Promise<WebGateway> {
  const clients = options.services.map(({ endpoint }) => new grpc.Client(endpoint, options.credentials));
  const statics = (options.files ?? []).map(({ prefix, directory }) => ({ prefix, serve: serveStatic(directory, { index: false, fallthrough: false }) }));
  const fallback = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0]!;
    if (request.method === 'GET' && path === '/' && options.index) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', ...options.indexHeaders }).end(options.index);
      return;
    }
    const files = statics.find(({ prefix }) => path.startsWith(`${prefix}/`));
    if (!files || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    request.url = request.url!.slice(files.prefix.length);
    files.serve(request, response, (error?: { statusCode?: number }) => {
      response.writeHead(error?.statusCode ?? 404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    });
  };
  const rpcs = connectNodeAdapter({
    connect: true,
    grpcWeb: true,
    grpc: false,
    // Refused before it is read whole, as the gRPC servers refuse it (RESOURCE_EXHAUSTED).
    readMaxBytes: options.maxRequestBytes,
    routes: (router) => {
      options.services.forEach(({ descriptor }, index) => router.service(descriptor, forwardedService(descriptor, clients[index]!)));
    },
    // The server is HTTP/1.1 (what every browser and proxy speaks), so its requests are IncomingMessage.
    fallback: (request, response) => fallback(request as IncomingMessage, response as ServerResponse),
  });
  const allowCors = cors({
    origin: [...options.allowedOrigins],
    methods: [...connectCors.allowedMethods],
    allowedHeaders: [...connectCors.allowedHeaders, 'authorization', 'ow-channel', 'traceparent', 'tracestate'],
    exposedHeaders: [...connectCors.exposedHeaders],
    // Browsers may keep a preflight answer for a day.
    maxAge: 86_400,
  });
  const server = createServer((request, response) => allowCors(request, response, () => rpcs(request, response)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  options.logger.info({ url, services: options.services.map(({ descriptor }) => descriptor.typeName) }, 'serving the Connect and gRPC-Web protocols to browsers');
  return {
    url,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      for (const client of clients) client.close();
    },
  };
}
