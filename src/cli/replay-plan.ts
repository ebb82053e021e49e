/** What a bulk retry or discard will do, printed before it does it (and all a dry run does). */
import type { ReplayAction } from '../../workflows/replay-shared';
import { countBy, table } from './output';
import type { Selection } from './select-events';

const indent = (text: string) => text.replace(/^/gm, '    ');
const REASON_SHOWN = 100;

export function describePlan(
  action: ReplayAction,
  selection: Selection,
  behind: { events: number; entities: number },
): string {
  const { selected, skipped, unreadable } = selection;
  const lines = [`${action}: ${selected.length} event(s)`];
  if (selected.length > 0) {
    const byType = countBy(selected, (event) => event.view?.eventType ?? 'malformed');
    const byReason = countBy(selected, (event) => {
      const reason = event.view?.parkedReason ?? `(${event.view?.status ?? 'unknown'})`;
      return reason.length > REASON_SHOWN ? `${reason.slice(0, REASON_SHOWN)}…` : reason;
    });
    const rows = (pairs: [string, number][]) => pairs.map(([key, n]) => [String(n), key]);
    lines.push('  by type:', indent(table(rows(byType))));
    lines.push('  by reason:', indent(table(rows(byReason))));
  }
  lines.push(
    `  waiting behind them: ${behind.events} event(s) on ${behind.entities} entit${behind.entities === 1 ? 'y' : 'ies'}` +
      (behind.events ? ' (they run, in order, once these move on)' : ''),
  );
  if (skipped.length > 0) {
    const statuses = countBy(skipped, ({ view }) =>
      view!.status === 'parked' ? 'parked for another reason' : view!.status,
    );
    const listed = statuses.map(([status, n]) => `${n} ${status}`).join(', ');
    lines.push(`  left alone: ${listed}`);
  }
  for (const event of unreadable) lines.push(`  left alone: ${event.workflowId}: ${event.problem}`);
  return lines.join('\n');
}
