import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { AcceptCaseRequest, SubmitCaseRequest } from '../../generated/onewindow/acceptance/v1/acceptance_service.ts';
import { createLogger } from '../../services/platform/logging/logger.ts';
import { call, callerMetadata, connect } from '../lib/channel-clients.ts';
import { type PlatformProcess, startPlatformProcess } from '../reliability/platform-process.ts';
import { type Random, createRandom } from '../reliability/prng.ts';
import { LIFECYCLE_ITEM, citizenIdFor, workloadCallers } from '../reliability/workload.ts';

export const silentLogger = createLogger({ level: 'silent', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

export function temporaryDirectory(name: string): string {
  return mkdtempSync(join(tmpdir(), `ow-bench-${name}-`));
}

/** Progress goes to stderr; the table alone goes to stdout. */
export function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** A counter's submission of 个体工商户设立登记 for a made-up applicant: the bench's unit of work. */
export function submitRequest(requestId: string, random: Random): SubmitCaseRequest {
  const idNumber = citizenIdFor(random);
  return SubmitCaseRequest.fromPartial({
    requestId,
    itemCode: LIFECYCLE_ITEM.itemCode,
    applicant: { kind: { $case: 'person', value: { name: '王五', idNumber } }, phone: '13800138000' },
    materials: LIFECYCLE_ITEM.materials.map((code) => ({ materialCode: code, source: 'MATERIAL_SOURCE_UPLOAD', reference: `scan-${code}`, trustLevel: 'TRUST_LEVEL_B' })),
    submittedRegionCode: '350102001',
    applicantSubject: `applicant-${idNumber}`,
  });
}

export const counterMetadata = () => callerMetadata(workloadCallers.clerk, 'counter');
export const departmentMetadata = () => callerMetadata(workloadCallers.approver, 'pc');

/** One delivery line of the file provider (data/notification/outbox.jsonl). */
export interface Delivery {
  readonly notificationId: string;
  readonly text: string;
  /** When the provider wrote it (ISO). */
  readonly at: string;
}

/**
 * Follows the file provider's outbox as it grows, every 2 ms: how the bench sees that a message went
 * out, without asking the platform anything.
 */
export class OutboxTail {
  readonly #path: string;
  #offset = 0;
  #partial = '';
  #timer: NodeJS.Timeout | undefined;
  readonly #listeners = new Set<(delivery: Delivery) => void>();
  lines = 0;

  constructor(dataDir: string) {
    this.#path = join(dataDir, 'notification', 'outbox.jsonl');
    this.#timer = setInterval(() => this.poll(), 2);
  }

  /** One buffer for every read: polling every 2 ms must not cost the load's client a megabyte each time. */
  readonly #buffer = Buffer.allocUnsafe(1 << 20);

  poll(): void {
    if (!existsSync(this.#path) || statSync(this.#path).size <= this.#offset) return;
    const file = openSync(this.#path, 'r');
    try {
      const buffer = this.#buffer;
      for (;;) {
        const read = readSync(file, buffer, 0, buffer.length, this.#offset);
        if (read === 0) break;
        this.#offset += read;
        const lines = (this.#partial + buffer.subarray(0, read).toString('utf8')).split('\n');
        this.#partial = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          this.lines += 1;
          const delivery = JSON.parse(line) as Delivery;
          for (const listener of this.#listeners) listener(delivery);
        }
      }
    } finally {
      closeSync(file);
    }
  }

  onDelivery(listener: (delivery: Delivery) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

export interface BenchPlatform {
  readonly process: PlatformProcess;
  readonly dataDir: string;
  readonly clients: ReturnType<typeof connect>;
  readonly outbox: OutboxTail;
  stop(): Promise<void>;
}

/** The all-in-one platform (embedded mode, as npm start runs it) as a child on a fresh data directory; --cpu-prof with `profileDir`. */
export async function startBenchPlatform(name: string, profileDir?: string): Promise<BenchPlatform> {
  const dataDir = temporaryDirectory(name);
  const platform = await startPlatformProcess({
    dataDir,
    // One directory per platform: every thread writes a profile there (the orphan guard's too); the main thread's is kept.
    nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : [],
  });
  const clients = connect(platform.endpoints);
  const outbox = new OutboxTail(dataDir);
  // 20 submit+accept pairs before measuring: the connection, the first compilation of the handlers.
  const random = createRandom(1);
  for (let i = 0; i < 20; i++) {
    const { caseNumber } = await call(clients.acceptance.submitCase, clients.acceptance, submitRequest(`warmup-${i}`, random), counterMetadata());
    await call(clients.acceptance.acceptCase, clients.acceptance, AcceptCaseRequest.fromPartial({ requestId: `warmup-accept-${i}`, caseNumber }), counterMetadata());
  }
  return {
    process: platform,
    dataDir,
    clients,
    outbox,
    async stop() {
      outbox.close();
      clients.close();
      const { code } = await platform.stop();
      if (code !== 0) progress(`warning: the ${name} platform stopped with code ${code}`);
      if (profileDir) keepThreadProfiles(join(profileDir, name), join(profileDir, `${name}-platform.cpuprofile`));
      if (platform.problems.length) progress(`warning: the ${name} platform logged ${platform.problems.length} errors, e.g. ${platform.problems[0]!.slice(0, 300)}`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * node --cpu-prof names files CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the
 * main one, the services' threads follow. Each is kept as <name>-platform[-thread-N].cpuprofile.
 */
function keepThreadProfiles(directory: string, target: string): void {
  if (!existsSync(directory)) return;
  for (const file of readdirSync(directory)) {
    const thread = file.split('.')[4];
    renameSync(join(directory, file), thread === '0' ? target : target.replace(/\.cpuprofile$/, `-thread-${thread}.cpuprofile`));
  }
  rmSync(directory, { recursive: true, force: true });
}

/** Calls a unary method by path with raw bytes: the transport baseline's client. */
export function rawUnary(client: grpc.Client, path: string, bytes: Buffer, metadata: grpc.Metadata, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, bytes, metadata, { deadline: Date.now() + timeoutMs }, (error, response) =>
      error ? reject(error) : resolve(response!),
    ),
  );
}
