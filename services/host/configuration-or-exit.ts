import type { ServiceName } from '../contracts/service-names.ts';
import { type Configuration, ConfigurationError, loadConfiguration } from './configuration.ts';

/** Exit status for a configuration error (EX_CONFIG of sysexits.h). */
const EX_CONFIG = 78;

/**
 * The configuration of an entry point, validated before anything starts; an invalid one ends the
 * process with EX_CONFIG and a message naming each variable and its rule. `only`: the entry point
 * of that one service, where OW_SERVICES may be left out.
 */
export function configurationOrExit(only: ServiceName | undefined): Configuration {
  try {
    if (only && process.env['OW_SERVICES'] && process.env['OW_SERVICES'] !== only) {
      throw new ConfigurationError(`Invalid configuration:\n  OW_SERVICES: must be empty or "${only}" for the ${only} entry point`);
    }
    return loadConfiguration(only ? { ...process.env, OW_SERVICES: only } : process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(EX_CONFIG);
  }
}
