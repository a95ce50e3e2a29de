import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where an installed package's files are: the nearest folder above its entry point whose
 * package.json names it (packages need not export their package.json).
 */
export function packageDirectory(name: string): string {
  for (let directory = dirname(fileURLToPath(import.meta.resolve(name))); directory !== dirname(directory); directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return directory;
  }
  throw new Error(`cannot find the folder of package ${name}`);
}

type Exports = Record<string, string | { import?: string; default?: string }>;

/**
 * A browser import map for packages served as they are installed (their ES modules under
 * `${base}/<name>/`): each entry point their package.json exports, so a page loads the generated
 * client without a bundler. https://html.spec.whatwg.org/multipage/webappapis.html#import-maps
 */
export function importMapOf(packages: readonly string[], base: string): { imports: Record<string, string> } {
  const imports: Record<string, string> = {};
  for (const name of packages) {
    const { exports } = JSON.parse(readFileSync(`${packageDirectory(name)}/package.json`, 'utf8')) as { exports: Exports };
    for (const [subpath, target] of Object.entries(exports)) {
      const file = typeof target === 'string' ? target : (target.import ?? target.default);
      if (file?.endsWith('.js')) imports[`${name}${subpath.slice(1)}`] = `${base}/${name}/${file.slice(2)}`;
    }
  }
  return { imports };
}
