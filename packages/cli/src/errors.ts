/** Exit codes: 0 ok, 1 findings (verify found a problem), 2 usage or input error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** The command line was wrong: unknown command or option, missing or malformed argument. Exit 2, with usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** The input was wrong: a missing file, a bad line, an unknown store, a bad plan. Exit 2, no stack trace. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
