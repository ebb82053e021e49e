/**
 * Counts what the fuzz run saw, by group and outcome, and judges each case. A case tied to an
 * issue 12 defect still listed in known-defects.ts counts as known instead of failed.
 */
import { KNOWN_DEFECTS } from './known-defects';

/** A label that holds a 5xx status: `503`, `200+503, closed`, `dropped … (503)`. */
export const has5xx = (label: string) => /(^|[+(])5\d\d([+),]|$)/.test(label);

export class Tally {
  private readonly outcomes = new Map<string, Map<string, number>>();
  private readonly violations: string[] = [];
  private readonly knownSeen = new Map<number, number>();
  private readonly knownCases = new Map<number, number>();
  passed = 0;
  /** 5xx answers outside the cases of a known defect. */
  unexpected5xx = 0;

  /** Counts `outcome` under `group` and judges it: `problem` is undefined when the case held. */
  record(group: string, outcome: string, problem: string | undefined, knownDefect?: number): void {
    const counts = this.outcomes.get(group) ?? new Map<string, number>();
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    this.outcomes.set(group, counts);
    const known = knownDefect !== undefined && knownDefect in KNOWN_DEFECTS;
    if (has5xx(outcome) && !known) this.unexpected5xx += 1;
    if (known) this.knownCases.set(knownDefect, (this.knownCases.get(knownDefect) ?? 0) + 1);
    if (problem === undefined) this.passed += 1;
    else if (known) this.knownSeen.set(knownDefect, (this.knownSeen.get(knownDefect) ?? 0) + 1);
    else this.violations.push(`${group}: ${problem}`);
  }

  get failed(): number {
    return this.violations.length;
  }

  get known(): number {
    return [...this.knownSeen.values()].reduce((a, b) => a + b, 0);
  }

  /** Every 5xx seen, in any group. */
  count5xx(): number {
    let total = 0;
    for (const counts of this.outcomes.values()) {
      for (const [outcome, n] of counts) if (has5xx(outcome)) total += n;
    }
    return total;
  }

  print(): void {
    for (const [group, counts] of this.outcomes) {
      const sorted = [...counts].sort((a, b) => b[1] - a[1]);
      console.log(`  ${group.padEnd(22)} ${sorted.map(([o, n]) => `${o} ×${n}`).join(', ')}`);
    }
    for (const [defect, cases] of this.knownCases) {
      const seen = this.knownSeen.get(defect) ?? 0;
      console.log(
        seen > 0
          ? `  known, issue 12 defect ${defect} (${KNOWN_DEFECTS[defect]}): ${seen} of ${cases} cases`
          : `  issue 12 defect ${defect} no longer reproduces (0 of ${cases} cases): remove it from test/fuzz/known-defects.ts`,
      );
    }
    for (const violation of this.violations.slice(0, 30)) console.log(`  FAILED ${violation}`);
    if (this.violations.length > 30) console.log(`  … ${this.violations.length - 30} more`);
  }
}
