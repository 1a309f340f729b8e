import type { CliIo } from './io';

/** A one-line progress bar on stderr, redrawn in place; silent when stderr is not a terminal. */
export class ProgressBar {
  private lastDrawn = -1;

  constructor(
    private readonly io: CliIo,
    private readonly enabled: boolean,
  ) {}

  /** Draws `label` and the fraction done (0–1), at most once per percent. */
  update(label: string, fraction: number, detail = ''): void {
    if (!this.enabled) return;
    const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
    if (percent === this.lastDrawn) return;
    this.lastDrawn = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    this.io.err(`\r${label.padEnd(11)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(percent).padStart(3)}% ${detail}\x1b[K`);
  }

  /** Starts a new phase: the next update draws again from zero. */
  reset(): void {
    this.lastDrawn = -1;
  }

  /** Clears the line. */
  done(): void {
    if (this.enabled) this.io.err('\r\x1b[K');
  }
}
