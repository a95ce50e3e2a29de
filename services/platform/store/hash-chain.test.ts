import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../testing/sample-events.ts';
import type { StoredEvent } from './event-store.ts';
import {
  type ChainAlgorithm,
  type ChainLink,
  type StreamHead,
  algorithmOf,
  anchorOf,
  canonicalEventText,
  canonicalJson,
  canonicalJsonByHand,
  chainHashOf,
  firstBreakOf,
  genesisOf,
} from './hash-chain.ts';

/** A stream's events as a store would hold them, chained with `algorithms[i]` for version i+1. */
function given(streamId: string, payloads: ReadonlyArray<Record<string, string | number>>, algorithms: readonly ChainAlgorithm[] = ['sm3']) {
  const links: ChainLink[] = [];
  let previous: string | undefined;
  payloads.forEach((payload, index) => {
    const algorithm = algorithms[index] ?? algorithms.at(-1)!;
    const event: StoredEvent = { ...sampleEvent(`e${index + 1}`, payload), streamId, streamType: 'ratings', version: index + 1, position: 10 + index, sourceService: 'supervision' };
    const chainHash = chainHashOf(algorithm, previous ?? genesisOf(algorithm, streamId), event);
    links.push({ streamId, version: index + 1, position: event.position, chainHash, event });
    previous = chainHash;
  });
  const head: StreamHead = { streamId, version: links.length, chainHash: previous ?? '' };
  return { links, head };
}

const withEvent = (link: ChainLink, change: Partial<StoredEvent>): ChainLink => ({ ...link, event: { ...link.event!, ...change } });

describe('the canonical form of an event', () => {
  it('sorts keys at every depth, so the order fields were written in changes nothing', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('treats values as JSON.stringify does, so an event hashes alike before it is stored and after it is read back', () => {
    const written = { kept: 'x', gone: undefined, list: [undefined, 1], when: new Date('2026-09-17T02:00:00.000Z') };
    expect(canonicalJson(written)).toBe(canonicalJson(JSON.parse(JSON.stringify(written))));
  });

  it('writes what the member-by-member definition writes, for keys an engine would reorder too', () => {
    const awkward = JSON.parse('{"10":1,"9":2,"b":3,"-":4,"__proto__":{"z":1,"a":2},"é":5,"a":[{"2":0,"1":1}]}') as unknown;
    expect(canonicalJson(awkward)).toBe('{"-":4,"10":1,"9":2,"__proto__":{"a":2,"z":1},"a":[{"1":1,"2":0}],"b":3,"é":5}');
    expect(canonicalJson(awkward)).toBe(canonicalJsonByHand(awkward));
  });

  it('agrees with the member-by-member definition on 2,000 random values', () => {
    const random = seeded(2026);
    for (let index = 0; index < 2_000; index++) {
      const value = randomValue(random, 4);
      expect(canonicalJson(value)).toBe(canonicalJsonByHand(value));
    }
  });

  it('covers every stored field but the global position', () => {
    const event: StoredEvent = { ...sampleEvent('e1', { level: 5 }), streamId: 's', streamType: 't', version: 1, position: 7, sourceService: 'supervision' };
    const text = canonicalEventText(event);
    expect(Object.keys(JSON.parse(text))).toEqual([
      'actor', 'causationId', 'correlationId', 'eventId', 'eventType', 'occurredAt', 'payload', 'regionCode',
      'schemaVersion', 'sourceService', 'streamId', 'streamType', 'traceContext', 'version',
    ]);
    const elsewhereInTheFeed: StoredEvent = { ...event, position: 8 };
    expect(canonicalEventText(elsewhereInTheFeed)).toBe(text);
  });
});

describe('a chain hash', () => {
  it('is H(previous || "\\n" || canonical event), named with its algorithm', () => {
    const event = given('ratings-1', [{ level: 5 }]).links[0]!.event!;
    const previous = genesisOf('sha256', 'ratings-1');
    const expected = createHash('sha256').update(`${previous}\n${canonicalEventText(event)}`).digest('hex');
    expect(chainHashOf('sha256', previous, event)).toBe(`sha256:${expected}`);
    expect(chainHashOf('sm3', previous, event)).toMatch(/^sm3:[0-9a-f]{64}$/);
    expect(algorithmOf('sm3:abc')).toBe('sm3');
    expect(algorithmOf('md5:abc')).toBeUndefined();
  });

  it('starts from a genesis that differs per stream, so a stream\'s events cannot be moved to another', () => {
    expect(genesisOf('sm3', 'ratings-1')).not.toBe(genesisOf('sm3', 'ratings-2'));
    const { links } = given('ratings-1', [{ level: 5 }]);
    const moved = { ...withEvent(links[0]!, { streamId: 'ratings-2' }), streamId: 'ratings-2' };
    expect(firstBreakOf('ratings-2', [moved], { streamId: 'ratings-2', version: 1, chainHash: moved.chainHash })).toEqual({ streamId: 'ratings-2', version: 1, reason: 'altered' });
  });
});

describe('verifying a stream', () => {
  describe('given an untouched stream', () => {
    it('finds no break', () => {
      const { links, head } = given('ratings-1', [{ level: 5 }, { level: 2 }, { level: 4 }]);
      expect(firstBreakOf('ratings-1', links, head)).toBeUndefined();
    });

    it('finds none either when the algorithm changed part-way (each link names its own)', () => {
      const { links, head } = given('ratings-1', [{ level: 5 }, { level: 2 }, { level: 4 }], ['sha256', 'sha256', 'sm3']);
      expect(links.map((link) => algorithmOf(link.chainHash))).toEqual(['sha256', 'sha256', 'sm3']);
      expect(firstBreakOf('ratings-1', links, head)).toBeUndefined();
    });

    it('finds none for a stream that has no event and no head', () => {
      expect(firstBreakOf('nothing', [], undefined)).toBeUndefined();
    });
  });

  describe('given an altered event', () => {
    const { links, head } = given('ratings-1', [{ level: 5 }, { level: 2 }, { level: 4 }]);

    it('reports the altered payload at its version', () => {
      const altered = links.with(1, withEvent(links[1]!, { payload: { level: 5 } }));
      expect(firstBreakOf('ratings-1', altered, head)).toEqual({ streamId: 'ratings-1', version: 2, reason: 'altered' });
    });

    it('reports an altered envelope field (the actor) the same way', () => {
      const altered = links.with(0, withEvent(links[0]!, { actor: { ...links[0]!.event!.actor, subject: 'someone-else' } }));
      expect(firstBreakOf('ratings-1', altered, head)).toEqual({ streamId: 'ratings-1', version: 1, reason: 'altered' });
    });

    it('reports an event whose hash was recomputed to fit at the next version, whose link no longer holds', () => {
      const event = { ...links[1]!.event!, payload: { level: 5 } };
      const forged = { ...links[1]!, event, chainHash: chainHashOf('sm3', links[0]!.chainHash, event) };
      expect(firstBreakOf('ratings-1', links.with(1, forged), head)).toEqual({ streamId: 'ratings-1', version: 3, reason: 'altered' });
    });

    it('reports a row that no longer decodes, or whose hash names no known algorithm', () => {
      expect(firstBreakOf('ratings-1', links.with(2, { ...links[2]!, event: undefined }), head)).toMatchObject({ version: 3, reason: 'altered' });
      expect(firstBreakOf('ratings-1', links.with(2, { ...links[2]!, chainHash: '' }), head)).toMatchObject({ version: 3, reason: 'altered' });
    });
  });

  describe('given a deleted event', () => {
    const { links, head } = given('ratings-1', [{ level: 5 }, { level: 2 }, { level: 4 }]);

    it('reports a deleted middle event as missing at its version', () => {
      expect(firstBreakOf('ratings-1', links.toSpliced(1, 1), head)).toEqual({ streamId: 'ratings-1', version: 2, reason: 'missing' });
    });

    it('reports a deleted first event as missing at version 1', () => {
      expect(firstBreakOf('ratings-1', links.slice(1), head)).toEqual({ streamId: 'ratings-1', version: 1, reason: 'missing' });
    });

    it('reports a deleted last event as a truncated tail at the version the head records', () => {
      expect(firstBreakOf('ratings-1', links.slice(0, 2), head)).toEqual({ streamId: 'ratings-1', version: 3, reason: 'truncated' });
    });

    it('reports a stream with every event deleted as truncated from version 1', () => {
      expect(firstBreakOf('ratings-1', [], head)).toEqual({ streamId: 'ratings-1', version: 1, reason: 'truncated' });
    });
  });

  describe('given a head that does not fit', () => {
    const { links, head } = given('ratings-1', [{ level: 5 }, { level: 2 }]);

    it('reports an event beyond the head as extra', () => {
      const { links: longer } = given('ratings-1', [{ level: 5 }, { level: 2 }, { level: 1 }]);
      expect(firstBreakOf('ratings-1', longer, head)).toEqual({ streamId: 'ratings-1', version: 3, reason: 'extra' });
    });

    it('reports a head whose hash is not the last event\'s, or a missing head', () => {
      expect(firstBreakOf('ratings-1', links, { ...head, chainHash: links[0]!.chainHash })).toEqual({ streamId: 'ratings-1', version: 2, reason: 'head-mismatch' });
      expect(firstBreakOf('ratings-1', links, undefined)).toEqual({ streamId: 'ratings-1', version: 2, reason: 'head-mismatch' });
    });
  });
});

describe('the anchor of stream heads', () => {
  const heads = [
    { service: 'supervision', head: { streamId: 'ratings-1', version: 3, chainHash: 'sm3:aa' } },
    { service: 'acceptance', head: { streamId: 'case-1', version: 9, chainHash: 'sm3:bb' } },
  ];

  it('does not depend on the order heads were read in', () => {
    expect(anchorOf('sm3', heads)).toBe(anchorOf('sm3', heads.toReversed()));
    expect(anchorOf('sha256', heads)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes when any head moves, even by a consistent rewrite', () => {
    expect(anchorOf('sm3', heads.with(0, { service: 'supervision', head: { streamId: 'ratings-1', version: 3, chainHash: 'sm3:cc' } }))).not.toBe(anchorOf('sm3', heads));
    expect(anchorOf('sm3', heads.slice(1))).not.toBe(anchorOf('sm3', heads));
  });
});

/** A small deterministic generator (mulberry32), so a failure is repeatable. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const KEYS = ['a', 'b', 'Z', 'é', '中', '0', '1', '10', '9', '01', '-1', '1.5', '__proto__', 'toJSON_', ' ', '', 'payload'];

/** JSON-like values with the members an event may carry: undefined, dates, numbers, keys of every kind. */
function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 0 ? 10 : 6));
  switch (pick) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return [0, -0, 1.5, 1e21, Number.NaN, -7][Math.floor(random() * 6)];
    case 3: return ['', 'x', '中文', '"\\\n', '\u2028'][Math.floor(random() * 5)];
    case 4: return undefined;
    case 5: return new Date(Math.floor(random() * 2e12));
    case 6:
    case 7: return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
    default: {
      const record: Record<string, unknown> = {};
      for (let member = Math.floor(random() * 5); member > 0; member--) {
        Object.defineProperty(record, KEYS[Math.floor(random() * KEYS.length)]!, { value: randomValue(random, depth - 1), enumerable: true, configurable: true, writable: true });
      }
      return record;
    }
  }
}
