/** How long after `since` a probe first answers true, polled every 50 ms, in milliseconds; undefined when it did not within `limitMs`. */
export async function timeUntil(since: number, limitMs: number, probe: () => Promise<boolean>): Promise<number | undefined> {
  while (Date.now() - since < limitMs) {
    if (await probe()) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}
