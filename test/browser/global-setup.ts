/**
 * The browser project's run-level setup: at the end of the run, ends what the drivers started and a
 * worker left behind (see drivers/processes.ts).
 */
import { endRecordedProcessGroups } from './drivers/processes.js';

export default function setup(): () => void {
  endRecordedProcessGroups();
  return endRecordedProcessGroups;
}
