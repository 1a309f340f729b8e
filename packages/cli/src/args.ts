import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

/** The options a command takes, as node:util parseArgs declares them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** A command's parsed arguments. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses a command's arguments strictly; an unknown option or a missing value is a UsageError naming it. */
export const parseCommandArgs = (command: string, args: readonly string[], options: OptionSpec, positionals: { min: number; max: number }): Parsed => {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs explains itself well ("Unknown option '--x'"); drop its hint about "--" for positionals
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''), command);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { values, positionals: parsed.positionals };
  if (parsed.positionals.length < positionals.min)
    throw new UsageError(`missing argument${positionals.min - parsed.positionals.length > 1 ? 's' : ''}`, command);
  if (parsed.positionals.length > positionals.max)
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`, command);
  return { values, positionals: parsed.positionals };
};

/** A string option's value, or undefined. */
export const stringOption = (parsed: Parsed, name: string): string | undefined => {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
};
