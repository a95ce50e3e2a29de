/**
 * A small seeded pseudo-random generator, so that a failing run can be repeated with its seed. The
 * state is four 32-bit words advanced by add, rotate and xor steps (a "small fast counting" style
 * generator); the counter word guarantees a long period whatever the seed.
 */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Buffer;
  /** A new generator whose sequence depends on this one's state: for independent workers. */
  fork(): Random;
}

export function createRandom(seed: number): Random {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b);
  let c = 0xb7e15162 ^ Math.imul(seed, 0xc2b2ae35);
  let counter = 1;
  const nextUint32 = (): number => {
    const result = (a + b + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = ((c << 21) | (c >>> 11)) + result;
    c |= 0;
    return result >>> 0;
  };
  for (let i = 0; i < 16; i++) nextUint32();
  const random: Random = {
    seed,
    next: () => nextUint32() / 4_294_967_296,
    int: (n) => Math.floor(random.next() * n),
    between: (min, max) => min + random.int(max - min + 1),
    chance: (p) => random.next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[random.int(items.length)]!;
    },
    bytes: (length) => {
      const buffer = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) buffer[i] = nextUint32() & 0xff;
      return buffer;
    },
    fork: () => createRandom(nextUint32()),
  };
  return random;
}

/** A seed from the environment (OW_SEED) or the clock: printed by every run, so it can be repeated. */
export function chooseSeed(given?: string | number): number {
  const text = given ?? process.env['OW_SEED'];
  if (text !== undefined && text !== '') {
    const seed = Number(text);
    if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be an integer, not ${String(text)}`);
    return seed >>> 0;
  }
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}
