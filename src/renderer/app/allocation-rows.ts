/**
 * The allocation wizard's rows, built once per file and result for everyone who shows them (the
 * review table and the map preview): at 100,000 buildings each build is a noticeable share of
 * the end-of-run stall, so the two views share one.
 */
import { CLOSED_ALLOCATION_WIZARD, allocationRows, type AllocationRow, type AllocationWizardState } from '@core/state';

let last: { input: AllocationWizardState['input']; result: AllocationWizardState['result']; rows: AllocationRow[] } | null = null;

/** allocationRows for this file and result, reused while both are the same objects. */
export function sharedAllocationRows(input: AllocationWizardState['input'], result: AllocationWizardState['result']): AllocationRow[] {
  if (last && last.input === input && last.result === result) return last.rows;
  const rows = allocationRows({ ...CLOSED_ALLOCATION_WIZARD, input, result });
  last = { input, result, rows };
  return rows;
}
