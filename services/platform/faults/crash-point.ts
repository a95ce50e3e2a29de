/**
 * Crash points: named places in the commit path where the reliability tests make the process die
 * at once (SIGKILL, as a crash or a power cut would stop it), to show that nothing is lost or
 * doubled when a crash falls exactly there: between a group commit's write and its
 * acknowledgement, between a batch of derived writes and the position that records it
 * (docs/architecture.md, "The commit path"; test/reliability/crash-points.test.ts).
 *
 * OW_CRASH_AT="<point>@<n>" kills the process the n-th time a thread passes the point. A test
 * setting only, read from the environment once: unset (always, outside those tests), a crash
 * point is a function that does nothing.
 */
/** "<where>:<after what>"; the points are listed in docs/architecture.md, "The commit path". */
export type CrashPointName = `${string}:${string}`;

const setting = /^([a-z-]+:[a-z-]+)@(\d+)$/.exec(process.env['OW_CRASH_AT'] ?? '');

export const crashPoint: (name: CrashPointName) => void = setting ? armed(setting[1]!, Number(setting[2])) : () => undefined;

function armed(point: string, nth: number): (name: CrashPointName) => void {
  let passed = 0;
  return (name) => {
    if (name === point && ++passed === nth) process.kill(process.pid, 'SIGKILL');
  };
}
