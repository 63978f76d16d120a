// Self-test fixture: a page whose iframe asks for another host while a second profile is open. The
// suite's off-site guard must see it and fail the test (it does not call t.allowOffsite()).
import { describeInBrowsers, it } from '../setup.js';

describeInBrowsers('self-test', (t) => {
  it('a subframe asks for an off-site host', async () => {
    const [bystander, session] = [await t.open(), await t.open()];
    await bystander.goto(t.server.page({ load: 'none', body: 'empty' }));
    await session.goto(t.server.page({ load: 'none', body: 'empty' }));
    await session.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const frame = document.createElement('iframe');
          frame.src = 'https://offsite.example/selftest-frame';
          // The frame's load event comes once its navigation is over, refused or not.
          frame.addEventListener('load', () => resolve());
          document.body.append(frame);
        }),
    );
  });
});
