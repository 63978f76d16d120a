/**
 * The browser project's run-level setup: at the end of the run, ends what the drivers started and a
 * worker left behind (see drivers/leftovers.ts).
 */
import { endRecordedProcessGroups } from './drivers/leftovers.js';

export default function setup(): () => void {
  endRecordedProcessGroups();
  return endRecordedProcessGroups;
}
