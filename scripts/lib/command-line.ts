import { type ParseArgsConfig, parseArgs } from 'node:util';

/** The exit status of a command called wrongly (an unknown flag, a missing argument), as getopt tools use. */
export const EXIT_USAGE = 2;

type Config = Omit<ParseArgsConfig, 'args' | 'strict' | 'tokens'>;

/**
 * Reads a script's command line with node:util's parseArgs (strict: an unknown flag or a missing
 * value is an error). `--help` or `-h` prints `help` on stdout and exits 0; a command line that
 * does not parse prints one line on stderr naming the problem and exits 2, never a stack trace.
 */
export function parseCommandLine<const T extends Config>(command: string, help: string, config: T): ReturnType<typeof parseArgs<T>> {
  let parsed;
  try {
    parsed = parseArgs({ ...config, strict: true, options: { ...config.options, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    usageError(command, (error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${help.trim()}\n`);
    process.exit(0);
  }
  return parsed as unknown as ReturnType<typeof parseArgs<T>>;
}

/** Says on one line what is wrong with how `npm run <command>` was called, and exits 2. */
export function usageError(command: string, message: string): never {
  // parseArgs goes on about positionals after its first sentence; one line is enough here.
  const first = message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
  process.stderr.write(`npm run ${command}: ${first} (npm run ${command} -- --help shows the usage)\n`);
  process.exit(EXIT_USAGE);
}
