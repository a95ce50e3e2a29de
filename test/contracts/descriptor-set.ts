import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBinary, isFieldSet } from '@bufbuild/protobuf';
import { type DescriptorProto, FieldDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

interface Field {
  readonly name: string;
  readonly jsonName: string;
  readonly number: number;
  readonly typeName: string;
  readonly oneof: string | undefined;
}

interface Wrapper {
  readonly name: string;
  readonly fields: readonly Field[];
  readonly oneofs: readonly string[];
}

/** Reads message shapes from the committed descriptor set (generated/descriptors.binpb). */
export const FileDescriptorSet = {
  wrappers(fullNames: readonly string[]): Wrapper[] {
    const set = fromBinary(FileDescriptorSetSchema, readFileSync(join(import.meta.dirname, '..', '..', 'generated', 'descriptors.binpb')));
    const messages = new Map<string, DescriptorProto>();
    for (const file of set.file) for (const message of file.messageType) messages.set(`${file.package}.${message.name}`, message);
    return fullNames.map((name) => {
      const message = messages.get(name);
      if (!message) throw new Error(`${name} is not in the descriptor set`);
      const oneofs = message.oneofDecl.map((o) => o.name);
      return {
        name,
        oneofs,
        fields: message.field.map((f) => ({
          name: f.name,
          jsonName: f.jsonName,
          number: f.number,
          typeName: f.typeName,
          // oneof_index has explicit presence: an unset one reads as 0.
          oneof: isFieldSet(f, FieldDescriptorProtoSchema.field.oneofIndex) ? oneofs[f.oneofIndex] : undefined,
        })),
      };
    });
  },
};
