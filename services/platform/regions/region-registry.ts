import type { Region } from './region.ts';
import { isWithin } from '../codes/region-code.ts';

/**
 * The regions this installation serves, with names, levels and parents. A jurisdiction is a region
 * and its subtree; codes outside the registry are unknown here and refused where a region is named.
 */
export class RegionRegistry {
  readonly #regions = new Map<string, Region>();
  /** Each parent's children by code, and each level's regions by code: the national tree has about 45,000 regions. */
  readonly #children = new Map<string, Region[]>();
  readonly #levels = new Map<Region['level'], Region[]>();

  constructor(regions: readonly Region[]) {
    for (const region of regions) this.#regions.set(region.code, region);
    // Codes are digit strings: compared as plain strings (the locale-aware compare took 16 times as long).
    for (const region of [...this.#regions.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
      if (region.parentCode && !this.#regions.has(region.parentCode)) {
        throw new Error(`region ${region.code} names an unknown parent ${region.parentCode}`);
      }
      append(this.#children, region.parentCode, region);
      append(this.#levels, region.level, region);
    }
  }

  get(code: string): Region | undefined {
    return this.#regions.get(code);
  }

  has(code: string): boolean {
    return this.#regions.has(code);
  }

  /** A region's children, by code. */
  children(parentCode: string): readonly Region[] {
    return this.#children.get(parentCode) ?? [];
  }

  /** Every region of a level, by code. */
  atLevel(level: Region['level']): readonly Region[] {
    return this.#levels.get(level) ?? [];
  }

  /** How many regions it knows. */
  get size(): number {
    return this.#regions.size;
  }

  /** The region and its ancestors, the province first. */
  lineage(code: string): Region[] {
    const chain: Region[] = [];
    for (let region = this.#regions.get(code); region; region = this.#regions.get(region.parentCode)) chain.unshift(region);
    return chain;
  }

  /**
   * The lineage of a code the registry may not know (a new township, a district created this
   * year): that of its nearest known ancestor by the code's own structure, township → county →
   * city → province → nation.
   */
  knownLineage(code: string): Region[] {
    for (const candidate of [code, code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) {
      if (this.#regions.has(candidate)) return this.lineage(candidate);
    }
    return this.children('').slice(0, 1);
  }

  /** The ancestor at a level (e.g. the city of a township), or the region itself at that level. */
  ancestorAt(code: string, level: Region['level']): Region | undefined {
    return this.lineage(code).find((r) => r.level === level);
  }

  isWithin(code: string, jurisdiction: string): boolean {
    return isWithin(code, jurisdiction);
  }
}

function append<K>(map: Map<K, Region[]>, key: K, region: Region): void {
  const list = map.get(key);
  if (list) list.push(region);
  else map.set(key, [region]);
}
