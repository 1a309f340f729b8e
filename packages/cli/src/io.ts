/** Where the CLI writes and what it knows of its surroundings: injected, so tests run it in-process. */
export interface CliIo {
  /** standard output */
  out(text: string): void;
  /** standard error: messages, warnings, the progress bar */
  err(text: string): void;
  /** the directory relative paths start from */
  cwd: string;
  /** the clock: "today" and "now" for default asOf and knownAt */
  now(): Date;
  /** true when stderr is a terminal (the progress bar is drawn only then) */
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** The real process: stdout, stderr, cwd, the system clock. */
export const processIo = (): CliIo => ({
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  now: () => new Date(),
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
});

/** An io that keeps what is written, for tests and embedding. */
export const bufferIo = (overrides: Partial<CliIo> = {}): CliIo & { stdout: () => string; stderr: () => string } => {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    cwd: process.cwd(),
    now: () => new Date(),
    stderrIsTTY: false,
    env: {},
    ...overrides,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
};
