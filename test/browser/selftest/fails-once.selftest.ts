// Self-test fixture: an ordinary assertion error on the first run, a pass on a second one. The suite
// must fail the run at once (no retry for an ordinary failure) and print the error.
import { expect } from 'vitest';
import { describeInBrowsers, it } from '../setup.js';
import { runNumber } from './runs.js';

describeInBrowsers('self-test', (t) => {
  it('fails once with an assertion error, then would pass', async () => {
    expect(runNumber(`fails-once-${t.engine}`), 'selftest: which run this is').toBe(2);
  });
});
