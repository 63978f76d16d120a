// Self-test fixture: a driver stall on every run. One retry only: the run fails, and lists the retry.
import { DriverStall } from '../drivers/index.js';
import { describeInBrowsers, it } from '../setup.js';
import { runNumber } from './runs.js';

describeInBrowsers('self-test', (t) => {
  it('stalls every time', async () => {
    const run = runNumber(`stalls-twice-${t.engine}`);
    throw new DriverStall(`selftest: stall number ${run}`);
  });
});
