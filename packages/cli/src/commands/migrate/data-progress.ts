/**
 * Progress lines of data migration steps (`op.batch`, `op.data`) for `migrate up/down`:
 * one when a step starts (or resumes), one each time it passes another tenth of its rows,
 * and one when it ends, on the command's output, so that a deploy log shows how far a
 * long backfill got and where a resumed run picked up.
 */
import type { DataProgressReport } from '@dbgen/runtime';
import type { CommandContext } from '../../command-context.js';

const count = (n: number): string => n.toLocaleString('en-US');

/** A listener for `RunnerOptions.onDataProgress` that prints to the command's output. */
export function dataProgressPrinter(context: CommandContext): (report: DataProgressReport) => void {
  // The last tenth printed per step, so that a batch of 1,000 rows out of 1,000,000 is quiet.
  const printed = new Map<string, number>();
  return (report) => {
    const key = `${report.migration}\u0000${report.direction}\u0000${report.step}`;
    const what = `${report.migration}: ${report.step}`;
    const total = report.total;
    const share =
      total === undefined || total === 0 ? '' : ` (${Math.floor((report.done / total) * 100)}%)`;
    const of = total === undefined ? '' : ` of ${count(total)}`;
    if (!printed.has(key)) {
      printed.set(key, -1);
      context.output.info(
        report.resumedAt > 0
          ? `${what}: resuming after ${count(report.resumedAt)}${of} rows done by an earlier run`
          : `${what}: started${total === undefined ? '' : `, ${count(total)} rows`}`,
      );
    }
    if (report.finished) {
      context.output.info(`${what}: done, ${count(report.done)} rows`);
      printed.delete(key);
      return;
    }
    if (total === undefined || total === 0) return;
    const tenth = Math.floor((report.done / total) * 10);
    if (tenth > (printed.get(key) ?? -1) && report.done > report.resumedAt) {
      printed.set(key, tenth);
      context.output.info(`${what}: ${count(report.done)}${of} rows${share}`);
    }
  };
}
