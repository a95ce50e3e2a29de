import type { Region } from './region.ts';
import { isWithin } from '../codes/region-code.ts';

/**
 * The regions this installation serves, with names, levels and parents: the shipped edition, then
 * the versions later editions recorded (`record`). A jurisdiction is a region and its subtree.
 * A code an edition abolished stays known (`has`, `get`, `lineage`), so the cases received in it
 * read as before, but is no longer in force (`inForce`): nothing new may name it.
 */
export class RegionRegistry {
  /** Each code's versions, the current last. */
  readonly #versions = new Map<string, Region[]>();
  /** How many versions of each code were recorded on top of the shipped edition (DirectoryEntry.version). */
  readonly #recorded = new Map<string, number>();
  /** Each parent's children by code (those in force, and those ended), and each level's regions in force by code: the national tree has about 45,000 regions. */
  readonly #children = new Map<string, Region[]>();
  readonly #ended = new Map<string, Region[]>();
  readonly #levels = new Map<Region['level'], Region[]>();

  constructor(regions: readonly Region[]) {
    for (const region of regions) this.#versions.set(region.code, [region]);
    // Codes are digit strings: compared as plain strings (the locale-aware compare took 16 times as long).
    for (const region of [...this.#versions.values()].map((versions) => versions[0]!).sort(byCode)) {
      if (region.parentCode && !this.#versions.has(region.parentCode)) {
        throw new Error(`region ${region.code} names an unknown parent ${region.parentCode}`);
      }
      this.#index(region, append);
    }
  }

  /**
   * Takes a version an edition recorded, the `version`-th of the code on top of the shipped one.
   * A version already taken changes nothing, so every service may apply the same events again
   * (a rebuild, a replay, the recording service itself).
   */
  record(region: Region, version: number): void {
    if (version <= (this.#recorded.get(region.code) ?? 0)) return;
    this.#recorded.set(region.code, version);
    const versions = this.#versions.get(region.code);
    if (versions) this.#index(versions.at(-1)!, remove);
    if (versions) versions.push(region);
    else this.#versions.set(region.code, [region]);
    this.#index(region, insert);
  }

  /** The current version of a code, in force or ended. */
  get(code: string): Region | undefined {
    return this.#versions.get(code)?.at(-1);
  }

  /** Every version of a code, the first first. */
  versions(code: string): readonly Region[] {
    return this.#versions.get(code) ?? [];
  }

  /** Whether the code was ever a region here: a query by region may name it. */
  has(code: string): boolean {
    return this.#versions.has(code);
  }

  /** Whether the code is a region in force: a new case, item, policy or post may name it. */
  inForce(code: string): boolean {
    const region = this.get(code);
    return region !== undefined && region.endedOn === '';
  }

  /** A region's children in force, by code; with `ended`, also those abolished. */
  children(parentCode: string, options: { readonly ended?: boolean } = {}): readonly Region[] {
    const inForce = this.#children.get(parentCode) ?? [];
    if (!options.ended) return inForce;
    return [...inForce, ...(this.#ended.get(parentCode) ?? [])].sort(byCode);
  }

  /** Every region in force of a level, by code. */
  atLevel(level: Region['level']): readonly Region[] {
    return this.#levels.get(level) ?? [];
  }

  /** How many regions are in force. */
  get size(): number {
    let size = 0;
    for (const regions of this.#levels.values()) size += regions.length;
    return size;
  }

  /** Every region in force. */
  *inForceRegions(): Iterable<Region> {
    for (const versions of this.#versions.values()) {
      const region = versions.at(-1)!;
      if (region.endedOn === '') yield region;
    }
  }

  /** The region and its ancestors, the province first (by the current versions: a re-parented region under its new parent). */
  lineage(code: string): Region[] {
    const chain: Region[] = [];
    for (let region = this.get(code); region; region = this.get(region.parentCode)) chain.unshift(region);
    return chain;
  }

  /**
   * The lineage of a code the registry may not know (a new township, a district created this
   * year): that of its nearest known ancestor by the code's own structure, township → county →
   * city → province → nation.
   */
  knownLineage(code: string): Region[] {
    for (const candidate of [code, code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) {
      if (this.has(candidate)) return this.lineage(candidate);
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

  /** Puts a region's current version in, or takes it out of, the lists by parent and by level. */
  #index(region: Region, change: (map: Map<string, Region[]>, key: string, region: Region) => void): void {
    if (region.endedOn !== '') return change(this.#ended, region.parentCode, region);
    change(this.#children, region.parentCode, region);
    change(this.#levels as Map<string, Region[]>, region.level, region);
  }
}

const byCode = (a: Region, b: Region) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** At the end of its list: the shipped table is indexed in code order. */
function append(map: Map<string, Region[]>, key: string, region: Region): void {
  const list = map.get(key);
  if (list) list.push(region);
  else map.set(key, [region]);
}

/** In code order: a version an edition recorded. */
function insert(map: Map<string, Region[]>, key: string, region: Region): void {
  const list = map.get(key) ?? [];
  let low = 0;
  for (let high = list.length; low < high; ) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.code < region.code) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, region);
  map.set(key, list);
}

/** The version an edition replaces. */
function remove(map: Map<string, Region[]>, key: string, region: Region): void {
  const list = map.get(key) ?? [];
  const at = list.indexOf(region);
  if (at >= 0) list.splice(at, 1);
}
