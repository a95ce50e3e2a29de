import { type Spec, cleanEnv } from 'envalid';

/** Raised for invalid settings; its message names each variable and the rule it breaks. */
export class ConfigurationError extends Error {}

/** A spec's validated values. */
export type SettingsOf<S extends Record<string, Spec<unknown>>> = { readonly [K in keyof S]: S[K] extends Spec<infer T> ? T : never };

/**
 * Validates the environment against a spec, then the rules that tie settings together (`checks`,
 * each returning "VARIABLE: rule" lines). Never echoes a value back: settings hold secrets (keys,
 * passwords), and an error message may end up in a log.
 */
export function loadSettings<S extends Record<string, Spec<unknown>>>(
  environment: NodeJS.ProcessEnv,
  spec: S,
  checks: ReadonlyArray<(settings: SettingsOf<S>) => readonly string[]>,
): SettingsOf<S> {
  const settings = cleanEnv(environment, spec, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([name, error]) => {
        const variable = spec[name] as Spec<unknown>;
        const rule = variable.choices
          ? `must be one of ${variable.choices.join(', ')}`
          : error instanceof Error && error.message.startsWith('must ')
            ? error.message
            : 'is missing or invalid';
        return `${name}: ${rule} (${variable.desc ?? ''})`;
      });
      if (problems.length) throw configurationError(problems);
    },
  }) as unknown as SettingsOf<S>;
  const problems = checks.flatMap((check) => check(settings));
  if (problems.length) throw configurationError(problems);
  return settings;
}

function configurationError(problems: readonly string[]): ConfigurationError {
  return new ConfigurationError(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
}
