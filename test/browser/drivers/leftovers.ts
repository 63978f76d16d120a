/**
 * Process groups a driver started (Xvfb, WebKitWebDriver with its MiniBrowser), recorded in a file of
 * the run, so that the run's teardown (../global-setup.ts) ends any that outlived their worker: vitest
 * may end a worker with a signal, and then no 'exit' handler of the worker runs.
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The file of the run whose main process is `runPid` (a worker's parent). */
function fileOf(runPid: number): string {
  return path.join(os.tmpdir(), `engagetrack-browser-processes-${runPid}`);
}

/** Records the process group `pid` (a detached child's pid) for the run this worker belongs to. */
export function recordProcessGroup(pid: number): void {
  try {
    appendFileSync(fileOf(process.ppid), `${pid}\n`);
  } catch {
    // Only a safety net: the driver ends its processes itself when all goes well.
  }
}

/** Ends every process group recorded by the workers of this run (called in the run's main process). */
export function endRecordedProcessGroups(): void {
  const file = fileOf(process.pid);
  let pids: number[] = [];
  try {
    pids = readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return; // No driver started a process.
  }
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(file, { force: true });
}
