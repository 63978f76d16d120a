/**
 * The tests of a run that needed a retry, with their first error: recorded by the workers in a file of
 * the run (like drivers/leftovers.ts), printed by the run's teardown (global-setup.ts), so a retry
 * never hides what went wrong the first time.
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The file of the run whose main process is `runPid` (a worker's parent). */
function fileOf(runPid: number): string {
  return path.join(os.tmpdir(), `engagetrack-browser-retries-${runPid}`);
}

/** Records that the test `name` is run again after `error`. */
export function recordRetry(name: string, error: unknown): void {
  const first = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  appendFileSync(fileOf(process.ppid), `${JSON.stringify({ name, first })}\n`);
}

/** The retries the workers of this run recorded (called in the run's main process), and forgets them. */
export function takeRetries(): { name: string; first: string }[] {
  const file = fileOf(process.pid);
  let lines: string[] = [];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return []; // No test needed a retry.
  }
  rmSync(file, { force: true });
  return lines.map((line) => JSON.parse(line) as { name: string; first: string });
}
