/**
 * The transport baseline's server: bare grpc-js, one unary method that answers with the request's
 * bytes (no decoding, no validation, no storage). Run as a child process; prints "echo <host:port>".
 */
import * as grpc from '@grpc/grpc-js';

export const ECHO_PATH = '/bench.v1.Echo/Echo';

const same = (bytes: Buffer) => bytes;

export const echoDefinition: grpc.ServiceDefinition = {
  Echo: {
    path: ECHO_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: same,
    requestDeserialize: same,
    responseSerialize: same,
    responseDeserialize: same,
  },
};

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const server = new grpc.Server();
  server.addService(echoDefinition, { Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => callback(null, call.request) });
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) throw error;
    process.stdout.write(`echo 127.0.0.1:${port}\n`);
  });
  process.once('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
}
