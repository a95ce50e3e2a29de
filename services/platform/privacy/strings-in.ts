/**
 * Walks the strings of a message in its TypeScript form. Only plain objects and arrays are entered
 * (ts-proto messages are plain objects); bytes, dates and other instances are left as they are.
 * `path` is one array kept up to date as the walk goes (every response is walked): copy it to keep it.
 */
export function forEachString(value: unknown, visit: (text: string, path: readonly PropertyKey[]) => void, path: PropertyKey[] = []): void {
  if (typeof value === 'string') {
    visit(value, path);
    return;
  }
  const entries = Array.isArray(value) ? value.entries() : isPlainObject(value) ? Object.entries(value) : [];
  for (const [key, item] of entries) {
    path.push(key);
    forEachString(item, visit, path);
    path.pop();
  }
}

/** A copy with every string replaced as `replace` says; other values stay. */
export function mapStrings(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, replace)]));
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
