/**
 * Rejected requests, logged so that they stay visible without a flood filling the disk: the
 * first rejection of a reason in an interval is logged at once, the rest are only counted, and
 * at the end of the interval one line carries the counts per reason. So a steady flood writes
 * at most one line per reason and one summary per interval, whatever its rate (one probe of
 * forged deliveries had written 8,783 lines). Reasons come from a closed set, never from the
 * request; the body and the signature headers are never logged.
 */
import type { Logger } from 'pino';

export interface RejectionClock {
  now(): number;
  /** Calls `fire` once after `ms`; must not keep the process alive. */
  after(ms: number, fire: () => void): { cancel(): void };
}

export const systemClock: RejectionClock = {
  now: () => Date.now(),
  after(ms, fire) {
    const timer = setTimeout(fire, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export interface Rejection {
  reason: string;
  status: number;
  ip: string | undefined;
}

export class RejectionLog {
  private readonly counts = new Map<string, number>();
  private windowStartMs = 0;
  private timer: { cancel(): void } | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly clock: RejectionClock = systemClock,
  ) {}

  record({ reason, status, ip }: Rejection): void {
    const seen = this.counts.get(reason) ?? 0;
    this.counts.set(reason, seen + 1);
    if (seen === 0) this.logger.warn({ reason, status, ip }, 'rejected delivery');
    if (!this.timer) {
      this.windowStartMs = this.clock.now();
      this.timer = this.clock.after(this.intervalMs, () => this.flush());
    }
  }

  /** Ends the interval: one summary line if anything was counted but not logged. */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const counted = [...this.counts.values()].some((count) => count > 1);
    if (counted) {
      const counts = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
      const total = [...this.counts.values()].reduce((sum, count) => sum + count, 0);
      const overMs = this.clock.now() - this.windowStartMs;
      this.logger.warn({ counts, total, overMs }, 'rejected deliveries');
    }
    this.counts.clear();
  }
}
