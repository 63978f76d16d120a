// Self-test fixture: a driver stall on the first run, a pass on the second. The suite runs it again,
// passes, and lists it at the end of the run with its first error.
import { DriverStall } from '../drivers/index.js';
import { describeInBrowsers, it } from '../setup.js';
import { runNumber } from './runs.js';

describeInBrowsers('self-test', (t) => {
  it('stalls once, then passes', async () => {
    if (runNumber(`stalls-once-${t.engine}`) === 1) {
      throw new DriverStall('selftest: WebDriver POST /session/1/url: no answer within 25000 ms');
    }
  });
});
