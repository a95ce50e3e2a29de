/**
 * Where the time goes in a V8 CPU profile (node --cpu-prof): self time by function and by source
 * file, and inclusive time of the functions that matter.
 *   node scripts/bench/profile-summary.ts <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { repositoryRoot } from '../reliability/platform-process.ts';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly idleMs: number;
  /** Self time by area of the code: the embedded stores' SQLite work, codecs, gRPC, … */
  readonly byArea: Array<{ name: string; ms: number }>;
  readonly bySelf: Array<{ name: string; ms: number }>;
  readonly byFile: Array<{ name: string; ms: number }>;
  readonly byInclusive: Array<{ name: string; ms: number }>;
}

/** The area a file belongs to, for the coarse breakdown. Native work (SQLite's included) is billed to the JS frame that called it. */
function areaOf(file: string, functionName: string): string {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collection';
  const sqlite: Record<string, string> = {
    readmodel: 'SQLite: read models (projection transactions, queries)',
    bus: 'SQLite: embedded bus (offset commits, reads)',
    store: 'SQLite: event stores (reads, relay checkpoints)',
    sqlite: 'SQLite: write transactions (appends: BEGIN … COMMIT)',
    sequence: 'SQLite: case-number sequence',
  };
  const folder = /^services\/platform\/(readmodel|bus|store|sequence|sqlite)\/(sqlite-|open-sqlite)/.exec(file)?.[1];
  if (folder) return sqlite[folder]!;
  if (/^generated\/|npm:protobufjs|npm:@bufbuild|npm:long\//.test(file)) return 'protobuf encode/decode (generated code)';
  if (/npm:@grpc\/|node:internal\/http2|node:http2|^node:net|node:internal\/stream/.test(file)) return 'gRPC and HTTP/2';
  if (/npm:zod/.test(file)) return 'request validation (zod)';
  if (/npm:pino|logging\//.test(file)) return 'logging';
  if (/npm:@opentelemetry|telemetry\//.test(file)) return 'telemetry';
  if (/^services\/platform\//.test(file)) return 'platform kernel (other)';
  if (/^services\//.test(file)) return 'services (domain, projections, handlers)';
  if (/^node:internal\/(modules|deps\/amaro)|wrapSafe|compile/.test(file)) return 'module loading (start-up)';
  if (/^node:|^\(|^$/.test(file) || !file.includes('/')) return 'node internals and natives';
  return 'other';
}

const where = (url: string) => {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const inRepository = relative(repositoryRoot, path);
  return inRepository.startsWith('..') ? path : inRepository.replace(/^node_modules\//, 'npm:');
};

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
  const nameOf = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${where(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const file = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idleMs = 0;
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    totalMs += ms;
    if (node.callFrame.functionName === '(idle)') idleMs += ms;
    self.set(nameOf(node), (self.get(nameOf(node)) ?? 0) + ms);
    const url = node.callFrame.url ? where(node.callFrame.url) : node.callFrame.functionName;
    file.set(url, (file.get(url) ?? 0) + ms);
    // A native frame (node:sqlite's run/exec/all, JSON.parse, …) counts for the area of its nearest JS caller.
    let billed: ProfileNode = node;
    if (!node.callFrame.url && !node.callFrame.functionName.startsWith('(')) {
      for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
        const caller = byId.get(up)!;
        if (caller.callFrame.url) {
          billed = caller;
          break;
        }
      }
    }
    const areaName = areaOf(billed.callFrame.url ? where(billed.callFrame.url) : billed.callFrame.functionName, billed.callFrame.functionName);
    area.set(areaName, (area.get(areaName) ?? 0) + ms);
    // Inclusive: each function on the stack once.
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const name = nameOf(byId.get(current)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }
  const sorted = (map: Map<string, number>) => [...map].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms).slice(0, top);
  return { totalMs, idleMs, byArea: sorted(area), bySelf: sorted(self), byFile: sorted(file), byInclusive: sorted(inclusive) };
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const pct = (ms: number) => `${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)} %`;
  const list = (title: string, entries: Array<{ name: string; ms: number }>) => [title, ...entries.map((e) => `  ${pct(e.ms)}  ${Math.round(e.ms).toString().padStart(7)} ms  ${e.name}`)];
  return [
    `profiled ${Math.round(summary.totalMs)} ms, idle ${pct(summary.idleMs)}`,
    ...list('self time by area:', summary.byArea),
    ...list('self time by function:', summary.bySelf),
    ...list('self time by file:', summary.byFile),
    ...list('inclusive time:', summary.byInclusive),
  ].join('\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [path, top] = process.argv.slice(2);
  if (!path) throw new Error('usage: node scripts/bench/profile-summary.ts <file.cpuprofile> [top]');
  process.stdout.write(`${formatProfileSummary(summarizeProfile(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile, Number(top ?? 25)))}\n`);
}
