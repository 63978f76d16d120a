/**
 * For the self-test fixtures (run by test/suite/machinery.test.ts, never by the suite itself): which
 * run of a test this is, counted in a file under ENGAGETRACK_SELFTEST_STATE, so a fixture can fail the
 * first time and pass the second.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Counts one more run of `name` and returns its number (1 for the first). */
export function runNumber(name: string): number {
  const folder = process.env.ENGAGETRACK_SELFTEST_STATE;
  if (!folder) throw new Error('the self-test fixtures run only from test/suite/machinery.test.ts');
  const file = path.join(folder, `${name}.runs`);
  appendFileSync(file, 'run\n');
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}
