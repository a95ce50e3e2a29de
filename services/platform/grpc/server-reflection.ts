import { readFileSync } from 'node:fs';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';

/**
 * The protos as `npm run generate` compiled them with buf: ours, and grpc.health.v1 from the
 * grpc-health-check package (which serves it), each file under its own name with its imports.
 */
const descriptorSets = ['descriptors.binpb', 'grpc-health.binpb'].map((name) => new URL(`../../../generated/${name}`, import.meta.url));

const HEALTH_SERVICE = 'grpc.health.v1.Health';

let compiled: PackageDefinition | undefined;

/**
 * Server reflection (grpc.reflection.v1 and v1alpha, @grpc/reflection) for `services` and the
 * health service. The library is handed the files buf compiled rather than proto-loader's
 * re-encoding of them, which lists no imports (grpc/grpc-node#3034) and names map entries
 * wrongly: a client building a schema from that (`buf curl`, `grpcurl describe`) finds no service.
 */
export function serverReflection(services: readonly string[]): ReflectionService {
  compiled ??= compiledFiles();
  return new ReflectionService(compiled, { services: [...services, HEALTH_SERVICE] });
}

function compiledFiles(): PackageDefinition {
  const files = descriptorSets.flatMap((path) => fromBinary(FileDescriptorSetSchema, readFileSync(path)).file);
  // The library reads nothing but `fileDescriptorProtos` from the package definition's entries.
  return { files: { fileDescriptorProtos: files.map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file))) } } as unknown as PackageDefinition;
}
