import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DescField, type DescMessage, type DescMethod, type DescService, ScalarType, createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { repositoryRoot } from './platform-process.ts';
import type { Random } from './prng.ts';

/**
 * Request messages for the fuzzer, made from the committed descriptor set
 * (generated/descriptors.binpb) with a protobuf writer of our own, so that the bytes can be valid,
 * nearly valid or wrong in exactly the ways we choose.
 */

export interface FuzzMethod {
  /** "/onewindow.acceptance.v1.AcceptanceService/SubmitCase" */
  readonly path: string;
  /** "AcceptanceService/SubmitCase" */
  readonly name: string;
  /** The platform service whose port serves it. */
  readonly service: 'acceptance' | 'approval' | 'supervision' | 'notification';
  readonly streaming: boolean;
  readonly input: DescMessage;
}

/** Every RPC of the four services, from the descriptor set. */
export function fuzzMethods(): FuzzMethod[] {
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(join(repositoryRoot, 'generated', 'descriptors.binpb')));
  const registry = createFileRegistry(set);
  const methods: FuzzMethod[] = [];
  for (const type of registry) {
    if (type.kind !== 'service') continue;
    const service = (type as DescService).typeName.match(/^onewindow\.(acceptance|approval|supervision|notification)\.v1\./)?.[1] as FuzzMethod['service'] | undefined;
    if (!service) continue;
    for (const method of (type as DescService).methods as DescMethod[]) {
      methods.push({
        path: `/${type.typeName}/${method.name}`,
        name: `${type.name}/${method.name}`,
        service,
        streaming: method.methodKind === 'server_streaming',
        input: method.input,
      });
    }
  }
  return methods.sort((a, b) => a.path.localeCompare(b.path));
}

/** Real values the platform knows (case numbers, task ids, …), so that requests reach past lookups. */
export interface ValuePools {
  caseNumbers: string[];
  taskIds: string[];
  itemCodes: string[];
  materialCodes: string[];
  notificationIds: string[];
  consistencyTokens: string[];
}

export const emptyPools = (): ValuePools => ({ caseNumbers: [], taskIds: [], itemCodes: [], materialCodes: [], notificationIds: [], consistencyTokens: [] });

/** Inputs the generator stays clear of while a known finding they trigger is open (known-findings.ts). */
export interface Restrictions {
  /** No dates after 9000-12-31. */
  readonly farFutureDates: boolean;
  /** Repeated fields get at most 30 elements, and nested ones at most 3 (no request lists more than a few hundred violations). */
  readonly longRepeatedFields: boolean;
}

let restrictions: Restrictions = { farFutureDates: false, longRepeatedFields: false };

export function restrictGenerator(next: Restrictions): void {
  restrictions = next;
}

const REGION_CODES = ['350102', '350102001', '350100', '350000', '100000', '350121', '350203', '110105', '35010', '3501020019', ''];
const TEXTS = ['同意', '材料齐全', '现场核查', '不再经营', '李四', '福州市鼓楼区', 'x', '', ' ', '\u0000', '\u202e', '😀', 'a'.repeat(300), '<script>', "'; DROP TABLE events; --", '%s%n', '../../etc/passwd', '\\u0000'];
const DATES = ['2026-12-01', '2027-02-30', '2026-13-01', '1900-01-01', '9999-12-31', '2026-1-1', 'tomorrow', ''];
const ID_NUMBERS = ['34052419800101001X', '11010519491231002X', '110105194912310021', '350102198001010000', '123', ''];
const DEPARTMENTS = ['SCJGJ', 'GJJZX', 'ZRZYGHJ', 'ZJJ', 'RFB', 'JTYSJ', 'scjgj', ''];

function randomUnicode(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const range = random.pick([
      [0x20, 0x7e],
      [0x4e00, 0x9fff],
      [0x0, 0x1f],
      [0xa0, 0x2fff],
      [0x1f300, 0x1f6ff],
    ] as const);
    text += String.fromCodePoint(random.between(range[0], range[1]));
  }
  return text;
}

/** A string for a field, by its name: pooled real values, plausible values, and hostile ones. */
function stringFor(field: DescField, random: Random, pools: ValuePools): string {
  const name = field.name;
  const pooled = (values: readonly string[]) => (values.length && random.chance(0.7) ? random.pick(values) : undefined);
  if (random.chance(0.08)) return randomUnicode(random, random.between(0, 40));
  if (random.chance(0.02)) return 'x'.repeat(random.between(1_000, 100_000));
  if (name === 'request_id') return random.chance(0.9) ? `fuzz-${random.int(1e9).toString(36)}-${random.int(1e9).toString(36)}` : random.pick(['', 'same-id', 'x'.repeat(200)]);
  if (name.endsWith('case_number')) return pooled(pools.caseNumbers) ?? random.pick(['35010220261122000001', '0', '', '3501022026112200000Z']);
  if (name.endsWith('task_id')) return pooled(pools.taskIds) ?? `${random.pick(pools.caseNumbers.length ? pools.caseNumbers : ['1'])}:${random.int(3)}:${random.pick(['register', 'review', 'decide', 'x'])}`;
  if (name.endsWith('item_code')) return pooled(pools.itemCodes) ?? random.pick(['', 'x', '11350102003061XR-000120102000']);
  if (name.endsWith('material_code') || name === 'code') return pooled(pools.materialCodes) ?? 'floor-plan';
  if (name.endsWith('notification_id')) return pooled(pools.notificationIds) ?? random.pick(['', 'n-1']);
  if (name.endsWith('consistency_token')) return random.chance(0.6) ? '' : (pooled(pools.consistencyTokens) ?? Buffer.from(randomUnicode(random, 20)).toString('base64url'));
  if (name.endsWith('page_token')) return random.chance(0.7) ? '' : Buffer.from(random.bytes(random.between(1, 30))).toString('base64url');
  if (name.includes('region')) return random.pick(REGION_CODES);
  if (name.includes('date') || name.endsWith('_on') || name === 'from' || name === 'to' || name.endsWith('_day')) {
    const date = random.pick(DATES);
    return restrictions.farFutureDates && date > '9000' ? '2026-12-31' : date;
  }
  if (name.includes('id_number')) return random.pick(ID_NUMBERS);
  if (name.includes('credit_code')) return random.pick(['91350100M000100Y43', '1135010200306101XR', '123']);
  if (name.includes('phone') || name.includes('mobile')) return random.pick(['13912345678', '12345', '']);
  if (name.includes('email')) return random.pick(['li.si@example.com', 'not-an-address', '']);
  if (name.includes('department')) return random.pick(DEPARTMENTS);
  if (name.includes('hall')) return random.pick(['gulou-hall', 'gudong-station', '']);
  if (name.includes('window')) return random.pick(['window-7', '']);
  if (name.includes('subject') || name === 'assignee' || name.includes('approved_by')) return random.pick(['applicant-lisi', 'approver-scjgj-02', 'clerk-gulou-07', '', 'x'.repeat(200)]);
  if (name.includes('url') || name.includes('uri')) return random.pick(['https://example.com/x', 'javascript:alert(1)', '']);
  if (name.includes('time') || name.endsWith('_at')) return random.pick(['09:00', '25:61', '2026-12-01T10:00:00+08:00', '']);
  return random.pick(TEXTS);
}

const INT_EDGES = [0, 1, 2, 5, 10, 100, 1000, 2 ** 31 - 1, 2 ** 32 - 1, -1, -(2 ** 31)];

// ---- the protobuf writer ----

class Writer {
  readonly chunks: Buffer[] = [];

  tag(number: number, wireType: number): void {
    this.varint(BigInt(number) * 8n + BigInt(wireType));
  }

  varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    const bytes: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v > 0n);
    this.chunks.push(Buffer.from(bytes));
  }

  fixed32(value: number, float: boolean): void {
    const buffer = Buffer.alloc(4);
    if (float) buffer.writeFloatLE(value);
    else buffer.writeUInt32LE(value >>> 0);
    this.chunks.push(buffer);
  }

  fixed64(value: bigint | number, float: boolean): void {
    const buffer = Buffer.alloc(8);
    if (float) buffer.writeDoubleLE(Number(value));
    else buffer.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)));
    this.chunks.push(buffer);
  }

  bytes(value: Buffer): void {
    this.varint(BigInt(value.length));
    this.chunks.push(value);
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const VARINT_TYPES = new Set([ScalarType.INT32, ScalarType.INT64, ScalarType.UINT32, ScalarType.UINT64, ScalarType.SINT32, ScalarType.SINT64, ScalarType.BOOL]);

function randomNumber(random: Random): bigint {
  if (random.chance(0.7)) return BigInt(random.pick(INT_EDGES));
  if (random.chance(0.5)) return BigInt(random.between(0, 100));
  return BigInt.asIntN(64, (BigInt(random.int(2 ** 32)) << 32n) | BigInt(random.int(2 ** 32)));
}

/** Writes one scalar value (without its tag); returns the wire type it used. */
function writeScalar(writer: Writer, type: ScalarType, random: Random, field: DescField, pools: ValuePools): number {
  switch (type) {
    case ScalarType.STRING:
      writer.bytes(Buffer.from(stringFor(field, random, pools)));
      return 2;
    case ScalarType.BYTES:
      writer.bytes(random.bytes(random.between(0, 64)));
      return 2;
    case ScalarType.BOOL:
      writer.varint(random.chance(0.9) ? BigInt(random.int(2)) : randomNumber(random));
      return 0;
    case ScalarType.SINT32:
    case ScalarType.SINT64: {
      const n = randomNumber(random);
      writer.varint(n >= 0n ? n * 2n : -n * 2n - 1n);
      return 0;
    }
    case ScalarType.INT32:
    case ScalarType.INT64:
    case ScalarType.UINT32:
    case ScalarType.UINT64:
      writer.varint(randomNumber(random));
      return 0;
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      writer.fixed32(Number(BigInt.asIntN(32, randomNumber(random))), false);
      return 5;
    case ScalarType.FLOAT:
      writer.fixed32(random.pick([0, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 3.4e38]), true);
      return 5;
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      writer.fixed64(randomNumber(random), false);
      return 1;
    case ScalarType.DOUBLE:
      writer.fixed64(random.pick([0, 0.5, -1, Number.NaN, Number.NEGATIVE_INFINITY, 1e308, 5e-324]), true);
      return 1;
  }
}

function enumNumber(field: { enum: { values: ReadonlyArray<{ number: number }> } }, random: Random): bigint {
  if (random.chance(0.9)) return BigInt(random.pick(field.enum.values).number);
  return BigInt(random.pick([999, -1, 2 ** 31 - 1, 42]));
}

/** A random, well-formed encoding of `message`: fields present or not, oneofs with one member or none. */
export function randomMessage(message: DescMessage, random: Random, pools: ValuePools, depth = 0): Buffer {
  const writer = new Writer();
  const chosenOneofs = new Map(message.oneofs.map((oneof) => [oneof, random.chance(0.8) ? random.pick(oneof.fields) : undefined]));
  for (const field of message.fields) {
    if (field.oneof && chosenOneofs.get(field.oneof) !== field) continue;
    if (!field.oneof && !random.chance(depth === 0 ? 0.85 : 0.6)) continue;
    writeField(writer, field, random, pools, depth);
  }
  return writer.finish();
}

function writeField(writer: Writer, field: DescField, random: Random, pools: ValuePools, depth: number): void {
  const nested = (m: DescMessage) => (depth >= 4 ? Buffer.alloc(0) : randomMessage(m, random, pools, depth + 1));
  switch (field.fieldKind) {
    case 'scalar': {
      const value = new Writer();
      const wireType = writeScalar(value, field.scalar, random, field, pools);
      writer.tag(field.number, wireType);
      writer.chunks.push(...value.chunks);
      return;
    }
    case 'enum':
      writer.tag(field.number, 0);
      writer.varint(enumNumber(field, random));
      return;
    case 'message':
      writer.tag(field.number, 2);
      writer.bytes(nested(field.message));
      return;
    case 'list': {
      // Now and then a long list; while long lists' trailers are a known finding, short ones, at the top only.
      const long = random.chance(0.03);
      const count = !long ? random.between(0, 3) : restrictions.longRepeatedFields ? (depth === 0 ? random.between(20, 30) : random.between(0, 3)) : random.between(50, 2_000);
      if (field.listKind === 'message') {
        for (let i = 0; i < count; i++) {
          writer.tag(field.number, 2);
          writer.bytes(nested(field.message));
        }
      } else if (field.listKind === 'enum') {
        const packed = new Writer();
        for (let i = 0; i < count; i++) packed.varint(enumNumber(field, random));
        writer.tag(field.number, 2);
        writer.bytes(packed.finish());
      } else if (VARINT_TYPES.has(field.scalar) && random.chance(0.7)) {
        const packed = new Writer();
        for (let i = 0; i < count; i++) writeScalar(packed, field.scalar, random, field, pools);
        writer.tag(field.number, 2);
        writer.bytes(packed.finish());
      } else {
        for (let i = 0; i < count; i++) {
          const value = new Writer();
          const wireType = writeScalar(value, field.scalar, random, field, pools);
          writer.tag(field.number, wireType);
          writer.chunks.push(...value.chunks);
        }
      }
      return;
    }
    case 'map': {
      const count = random.between(0, 3);
      for (let i = 0; i < count; i++) {
        const entry = new Writer();
        const key = new Writer();
        const keyWireType = writeScalar(key, field.mapKey, random, field, pools);
        entry.tag(1, keyWireType);
        entry.chunks.push(...key.chunks);
        if (field.mapKind === 'message') {
          entry.tag(2, 2);
          entry.bytes(nested(field.message));
        } else if (field.mapKind === 'enum') {
          entry.tag(2, 0);
          entry.varint(enumNumber(field, random));
        } else {
          const value = new Writer();
          const valueWireType = writeScalar(value, field.scalar, random, field, pools);
          entry.tag(2, valueWireType);
          entry.chunks.push(...value.chunks);
        }
        writer.tag(field.number, 2);
        writer.bytes(entry.finish());
      }
      return;
    }
  }
}

/** One random field of `message`, encoded: appended to a valid request it overwrites (or adds to) that field. */
export function randomField(message: DescMessage, random: Random, pools: ValuePools): Buffer {
  const writer = new Writer();
  if (message.fields.length) writeField(writer, random.pick(message.fields), random, pools, 0);
  return writer.finish();
}

/** A huge request: one string field of the message (or an unknown field) carries up to `maxBytes`. */
export function hugeMessage(message: DescMessage, random: Random, pools: ValuePools, maxBytes: number): Buffer {
  const base = randomMessage(message, random, pools);
  const stringField = message.fields.find((field) => field.fieldKind === 'scalar' && field.scalar === ScalarType.STRING);
  const writer = new Writer();
  writer.chunks.push(base);
  writer.tag(stringField?.number ?? 4_000, 2);
  writer.bytes(Buffer.alloc(random.between(100_000, maxBytes), random.pick(['a', '李', '\u0000'])));
  return writer.finish();
}

/** Damages a valid encoding: bit flips, truncation, inserted or deleted bytes, odd tags and wire types. */
export function mutate(bytes: Buffer, random: Random): { bytes: Buffer; how: string } {
  const copy = Buffer.from(bytes);
  const kind = random.pick(['flip', 'truncate', 'insert', 'delete', 'duplicate', 'unknown-field', 'bad-length', 'wire-type'] as const);
  switch (kind) {
    case 'flip': {
      const flips = random.between(1, 8);
      for (let i = 0; i < flips && copy.length; i++) copy[random.int(copy.length)]! ^= 1 << random.int(8);
      return { bytes: copy, how: `${flips} bits flipped` };
    }
    case 'truncate':
      return { bytes: copy.subarray(0, random.int(copy.length + 1)), how: 'truncated' };
    case 'insert': {
      const at = random.int(copy.length + 1);
      return { bytes: Buffer.concat([copy.subarray(0, at), random.bytes(random.between(1, 16)), copy.subarray(at)]), how: 'bytes inserted' };
    }
    case 'delete': {
      const at = random.int(copy.length + 1);
      return { bytes: Buffer.concat([copy.subarray(0, at), copy.subarray(at + random.between(1, 16))]), how: 'bytes deleted' };
    }
    case 'duplicate':
      return { bytes: Buffer.concat([copy, copy]), how: 'repeated twice (last field wins)' };
    case 'unknown-field': {
      const writer = new Writer();
      writer.chunks.push(copy);
      const wireType = random.pick([0, 1, 2, 5]);
      writer.tag(random.pick([15, 99, 536_870_911, random.between(1, 40)]), wireType);
      if (wireType === 0) writer.varint(randomNumber(random));
      else if (wireType === 1) writer.fixed64(randomNumber(random), false);
      else if (wireType === 5) writer.fixed32(random.int(2 ** 32), false);
      else writer.bytes(random.bytes(random.between(0, 32)));
      return { bytes: writer.finish(), how: 'field appended' };
    }
    case 'bad-length': {
      const writer = new Writer();
      writer.chunks.push(copy);
      writer.tag(random.between(1, 12), 2);
      writer.varint(BigInt(random.pick([2 ** 31, 2 ** 32 + 5, 1_000_000, 2 ** 62])));
      writer.chunks.push(random.bytes(random.between(0, 8)));
      return { bytes: writer.finish(), how: 'length beyond the end' };
    }
    case 'wire-type': {
      const writer = new Writer();
      writer.tag(random.between(1, 12), random.pick([3, 4, 6, 7]));
      writer.chunks.push(copy);
      return { bytes: writer.finish(), how: 'group or invalid wire type first' };
    }
  }
}
