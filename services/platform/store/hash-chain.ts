import { createHash, getHashes } from 'node:crypto';
import type { ChainLink, StoredEvent, StreamHead } from './event-store.ts';

export type { ChainLink, StreamHead };

/**
 * Tamper evidence for event streams (pure: no I/O). Every stored event carries a chain hash:
 *
 *   hash(v) = H( utf8(hash(v-1)) || "\n" || utf8(canonical(event v)) )
 *   hash(0) = the stream's genesis = H( utf8("onewindow/event-chain/v1 genesis\n" || stream id) )
 *
 * written "<algorithm>:<lowercase hex>", e.g. "sm3:66c7…". The algorithm travels with each hash,
 * so changing OW_EVENT_CHAIN_HASH never breaks the verification of older events: each link is
 * checked with the algorithm it names, and a stream may switch algorithms part-way.
 * canonical(event) is the canonical JSON (RFC 8785 style: object keys sorted by UTF-16 code
 * units, no whitespace, numbers and strings as JSON.stringify writes them, undefined members
 * left out) of an object holding every stored field of the event but its global position:
 * eventId, streamId, streamType, version, eventType, schemaVersion, occurredAt, correlationId,
 * causationId, actor, regionCode, traceContext, sourceService, payload.
 */

export const chainAlgorithms = ['sm3', 'sha256'] as const;
export type ChainAlgorithm = (typeof chainAlgorithms)[number];

/** SM3 (GB/T 32905), which GB/T 39786 expects for integrity in government systems. */
export const DEFAULT_CHAIN_ALGORITHM: ChainAlgorithm = 'sm3';

const GENESIS_PREFIX = 'onewindow/event-chain/v1 genesis\n';

/** What a chain hash covers: the event as stored, less its position in the global feed. */
export type ChainedEvent = Omit<StoredEvent, 'position'>;

/** True when this Node's OpenSSL can compute the algorithm (SM3 is missing from some builds). */
export function chainAlgorithmAvailable(algorithm: ChainAlgorithm): boolean {
  return getHashes().includes(algorithm);
}

/** The algorithm a stored chain hash names, or undefined for one that names none we know. */
export function algorithmOf(chainHash: string): ChainAlgorithm | undefined {
  const name = chainHash.slice(0, chainHash.indexOf(':'));
  return (chainAlgorithms as readonly string[]).includes(name) ? (name as ChainAlgorithm) : undefined;
}

/** The value the first event of a stream chains from. */
export function genesisOf(algorithm: ChainAlgorithm, streamId: string): string {
  return tagged(algorithm, createHash(algorithm).update(GENESIS_PREFIX + streamId, 'utf8').digest('hex'));
}

/** The chain hash of `event`, following the link `previous` (the genesis for version 1). */
export function chainHashOf(algorithm: ChainAlgorithm, previous: string, event: ChainedEvent): string {
  const hash = createHash(algorithm).update(previous, 'utf8').update('\n', 'utf8').update(canonicalEventText(event), 'utf8');
  return tagged(algorithm, hash.digest('hex'));
}

/**
 * The canonical text of an event. The object is built field by field (never spread), so a field
 * added to the envelope later changes no existing hash until it is deliberately added here.
 */
export function canonicalEventText(event: ChainedEvent): string {
  return canonicalJson({
    eventId: event.eventId,
    streamId: event.streamId,
    streamType: event.streamType,
    version: event.version,
    eventType: event.eventType,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    correlationId: event.correlationId,
    causationId: event.causationId,
    actor: event.actor,
    regionCode: event.regionCode,
    traceContext: event.traceContext,
    sourceService: event.sourceService,
    payload: event.payload,
  });
}

/**
 * Canonical JSON: what JSON.stringify writes, with every object's keys sorted. Values that
 * JSON.stringify changes or drops (undefined members, toJSON, NaN) are treated the same way, so an
 * event hashes alike before it is stored and after it is read back.
 *
 * This runs for every event appended, so it makes a copy with the keys inserted in sorted order
 * and lets the engine's JSON.stringify write it, which keeps insertion order for string keys. It
 * does not for keys that look like array indices ("10", "9": those come first, in numeric order)
 * or set `__proto__`; a value holding such a key is written member by member instead
 * (canonicalJsonByHand). Both write the same text: hash-chain.test.ts compares them.
 */
export function canonicalJson(value: unknown): string {
  const sorted = sortedCopy(value);
  return sorted === UNSORTABLE ? canonicalJsonByHand(value) : (JSON.stringify(sorted) ?? 'null');
}

/** Returned by sortedCopy for a value that holds a key whose place insertion order cannot fix. */
const UNSORTABLE: unique symbol = Symbol('unsortable');

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return sortedCopy((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index++) {
      const element = sortedCopy(value[index]);
      if (element === UNSORTABLE) return UNSORTABLE;
      copy[index] = element;
    }
    return copy;
  }
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (!insertionOrderHolds(key)) return UNSORTABLE;
    const member = record[key];
    if (isOmitted(member)) continue;
    const sorted = sortedCopy(member);
    if (sorted === UNSORTABLE) return UNSORTABLE;
    copy[key] = sorted;
  }
  return copy;
}

/** Whether a key keeps its insertion place in an object: not an array index, not `__proto__`. */
function insertionOrderHolds(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first >= 48 && first <= 57) return !/^(?:0|[1-9][0-9]*)$/.test(key);
  return key !== '__proto__';
}

/** Canonical JSON written member by member: the definition, for values sortedCopy cannot carry. */
export function canonicalJsonByHand(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJsonByHand((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += `${index ? ',' : ''}${isOmitted(value[index]) ? 'null' : canonicalJsonByHand(value[index])}`;
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(record).sort()) {
    if (isOmitted(record[key])) continue;
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJsonByHand(record[key])}`;
  }
  return `${text}}`;
}

const isOmitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

const tagged = (algorithm: ChainAlgorithm, hex: string) => `${algorithm}:${hex}`;

/**
 * A store from before tamper evidence, opened only to be read: its events were never chained, so
 * there is nothing to verify yet. Only opening it for writing (the platform's start) migrates it.
 */
export class PreChainStoreError extends Error {
  constructor(store: string) {
    super(`${store} is from before tamper evidence: its events were never chained`);
    this.name = 'PreChainStoreError';
  }
}


/**
 * A stored event as the verifier sees it: one whose stored form no longer decodes (tampered JSON,
 * a payload of the wrong shape) is a link without an event, reported as altered, never a crash.
 */
export function chainLinkOf(stored: Omit<ChainLink, 'event'>, decode: () => StoredEvent): ChainLink {
  let event: StoredEvent | undefined;
  try {
    event = decode();
  } catch {
    event = undefined;
  }
  return { ...stored, event };
}


export type ChainBreakReason = 'altered' | 'missing' | 'extra' | 'truncated' | 'head-mismatch';

/** The first link of a stream that does not hold. */
export interface ChainBreak {
  readonly streamId: string;
  readonly version: number;
  readonly reason: ChainBreakReason;
}

export const breakExplanations: Record<ChainBreakReason, string> = {
  altered: 'the stored event (envelope or payload) or its chain hash differs from what was chained',
  missing: 'no event is stored at this version, but later ones are',
  extra: 'an event is stored beyond the stream head',
  truncated: 'the stream head records this version, but the stream ends before it',
  'head-mismatch': 'the stream head does not match the last event (or is missing)',
};

/**
 * The first broken link of one stream, or undefined if it holds. `links` are the stream's stored
 * events in version order; `head` is what the store recorded as the stream's end.
 */
export function firstBreakOf(streamId: string, links: readonly ChainLink[], head: StreamHead | undefined): ChainBreak | undefined {
  const broken = (version: number, reason: ChainBreakReason): ChainBreak => ({ streamId, version, reason });
  let previous: string | undefined;
  let expected = 1;
  for (const link of links) {
    if (link.version !== expected) return broken(expected, 'missing');
    if (head && link.version > head.version) return broken(link.version, 'extra');
    const algorithm = algorithmOf(link.chainHash);
    if (!algorithm || !link.event || link.event.streamId !== streamId || link.event.version !== link.version) return broken(link.version, 'altered');
    if (chainHashOf(algorithm, previous ?? genesisOf(algorithm, streamId), link.event) !== link.chainHash) return broken(link.version, 'altered');
    previous = link.chainHash;
    expected += 1;
  }
  const last = expected - 1;
  if (!head) return last > 0 ? broken(last, 'head-mismatch') : undefined;
  if (head.version > last) return broken(last + 1, 'truncated');
  if (head.chainHash !== previous) return broken(head.version, 'head-mismatch');
  return undefined;
}

/**
 * A digest of stream heads (of one store or several): what an operator records somewhere the
 * platform's administrators cannot write, to show later that no history was rewritten since, even
 * consistently (a rewrite of whole chains passes every link check, but not this comparison).
 * Lines are the canonical JSON of [service, stream id, version, chain hash], sorted.
 */
export function anchorOf(algorithm: ChainAlgorithm, heads: ReadonlyArray<{ readonly service: string; readonly head: StreamHead }>): string {
  const lines = heads.map(({ service, head }) => canonicalJson([service, head.streamId, head.version, head.chainHash])).sort();
  const hash = createHash(algorithm);
  for (const line of lines) hash.update(line, 'utf8').update('\n', 'utf8');
  return tagged(algorithm, hash.digest('hex'));
}
