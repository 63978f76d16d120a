// The verify bundle on the merchant's real page (SPEC "Verify"): the trigger in the script-tag bundle
// (`?engagetrack_verify` or `#engagetrack_verify` loads engagetrack.verify.min.js, once, from the SDK's
// own directory), the panel it opens (a dialog in the open shadow root of #engagetrack-verify: verdict,
// IDs, elements highlighted on hover and focus, problems with their fix, Copy as JSON, Escape), its
// styles isolated both ways and working under a Content-Security-Policy without 'unsafe-inline'.
// Script loading, focus, keys, the pointer, layout and CSP differ between engines: all three run them.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { VerifyReport } from '../../src/verify/index.js';
import { startDemo } from './demo.js';
import type { Session } from './drivers/index.js';
import { sdkIds, waitUntil } from './helpers.js';
import type { ServerProcess } from './processes.js';
import { describeInBrowsers, it, itOn, itOnce } from './setup.js';
import { bundleReport, panelView } from './verify-helpers.js';

/** The URLs of the verify bundle this page fetched (resource timing records module scripts too). */
function verifyBundleRequests(session: Session): Promise<string[]> {
  return session.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => name.includes('engagetrack.verify')),
  );
}

interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Where the page last got the pointer, and whether that was on the panel's first element row. */
type PointerAt = { x: number; y: number; onRow: boolean };

/**
 * Moves the real pointer to `to`, a point of the viewport or the centre of the panel's first element
 * row (measured just before the move), and waits until the page got that move (a `pointermove` there,
 * on the row for the row). The move is made again, from a new measure and 1 px aside, only when the
 * page got no move at all (WebKitGTK's WebDriver now and then drops a synthesized one under load) or
 * got it off the row (the fixed panel moved: a new browser window still settling its size). What the
 * panel does with the move is for the test to check.
 */
async function movePointer(session: Session, to: { x: number; y: number } | 'first row'): Promise<void> {
  const seen: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const at = await session.evaluate(
      ({ to, shift }) => {
        const firstRow = () => document.getElementById('engagetrack-verify')?.shadowRoot?.querySelector('.row');
        const page = window as unknown as { __pointer?: PointerAt; __pointerWatched?: boolean };
        page.__pointer = undefined;
        if (!page.__pointerWatched) {
          page.__pointerWatched = true;
          addEventListener(
            'pointermove',
            (event) => {
              const row = firstRow();
              page.__pointer = {
                x: event.clientX,
                y: event.clientY,
                onRow: !!row && event.composedPath().includes(row),
              };
            },
            true,
          );
        }
        if (to !== 'first row') return { x: to.x + shift, y: to.y };
        const row = firstRow()!;
        row.scrollIntoView({ block: 'nearest' });
        const { left, top, width, height } = row.getBoundingClientRect();
        return { x: Math.round(left + width / 2), y: Math.round(top + height / 2) + shift };
      },
      { to, shift: attempt % 2 },
    );
    await session.moveMouse(at.x, at.y);
    const got = await waitUntil(
      session,
      ({ x, y }) => {
        const pointer = (window as unknown as { __pointer?: PointerAt }).__pointer;
        return pointer && Math.abs(pointer.x - x) < 1 && Math.abs(pointer.y - y) < 1 ? pointer : null;
      },
      at,
      2_000,
    ).catch(() => undefined);
    if (got && (to !== 'first row' || got.onRow)) return;
    seen.push(got ? `(${at.x}, ${at.y}) not on the row` : `(${at.x}, ${at.y}) not received`);
  }
  throw new Error(`the pointer did not get to ${JSON.stringify(to)}: ${seen.join('; ')}`);
}

/** The box of an element of the page and the panel's highlight box, once the highlight shows. */
async function highlightOver(session: Session, selector: string): Promise<{ box: Box; target: Box }> {
  const found = await waitUntil(
    session,
    (css) => {
      const box = document.getElementById('engagetrack-verify')?.shadowRoot?.querySelector<HTMLElement>('.highlight');
      if (!box || box.hidden) return null;
      const rect = (element: Element) => {
        const { top, left, width, height } = element.getBoundingClientRect();
        return { top, left, width, height };
      };
      return { box: rect(box), target: rect(document.querySelector(css)!) };
    },
    selector,
  );
  return found!;
}

/** Whether the panel is gone. */
const panelClosed = (session: Session) => waitUntil(session, () => !document.getElementById('engagetrack-verify'));

describeInBrowsers('the verify bundle: trigger and panel', (t) => {
  describe('the trigger in the script-tag bundle', () => {
    it('?engagetrack_verify loads engagetrack.verify.min.js from the SDK’s own directory and opens the panel', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok', query: { engagetrack_verify: '' } }));
      const report = await bundleReport(session);
      expect(report).toMatchObject({ ok: true, problems: [] });
      expect((await panelView(session)).role).toBe('dialog');
      expect(await verifyBundleRequests(session)).toEqual([t.server.url('/dist/engagetrack.verify.min.js')]);
    });

    it('#engagetrack_verify (in the fragment) too', async () => {
      const session = await t.open();
      await session.goto(`${t.server.page({ body: 'verify-ok' })}#engagetrack_verify`);
      expect(await bundleReport(session)).toMatchObject({ ok: true });
      expect(await verifyBundleRequests(session)).toEqual([t.server.url('/dist/engagetrack.verify.min.js')]);
    });

    it('loads it once, with the script tag on the page twice: one request, one panel', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok', twice: true, query: { engagetrack_verify: '1' } }));
      await panelView(session);
      expect(await verifyBundleRequests(session)).toHaveLength(1);
      expect(await session.evaluate(() => document.querySelectorAll('engagetrack-verify').length)).toBe(1);
    });

    it('from the SDK’s own host when the SDK comes from another one (a CDN), never from the page’s', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok', load: 'none', query: { engagetrack_verify: '' } }));
      const cdn = t.server.url('/dist/engagetrack.min.js', { host: 'app.shop.test' });
      await session.evaluate((src) => {
        const script = document.createElement('script');
        script.src = src;
        document.head.append(script);
      }, cdn);
      expect(await bundleReport(session)).toMatchObject({ ok: true });
      expect(await verifyBundleRequests(session)).toEqual([
        t.server.url('/dist/engagetrack.verify.min.js', { host: 'app.shop.test' }),
      ]);
    });

    itOnce(t.engine, 'the debug bundle (engagetrack.debug.min.js) has the trigger too', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok', load: 'none', query: { engagetrack_verify: '' } }));
      await session.evaluate(() => {
        const script = document.createElement('script');
        script.src = '/dist/engagetrack.debug.min.js';
        document.head.append(script);
      });
      expect(await bundleReport(session)).toMatchObject({ ok: true, problems: [] });
      expect(await verifyBundleRequests(session)).toEqual([t.server.url('/dist/engagetrack.verify.min.js')]);
    });
  });

  describe('the panel', () => {
    it('shows the verdict, the IDs, each element, and the problems with their fix and README link', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'links', query: { engagetrack_verify: '' } }));
      const report = await bundleReport(session);
      const view = await panelView(session);
      const [visitorId, sessionId] = await sdkIds(session);
      expect(view).toMatchObject({
        role: 'dialog',
        name: 'EngageTrack installation check',
        verdictClass: 'verdict fail',
        ids: { 'Visitor ID': visitorId, 'Session ID': sessionId, 'Kept in': 'cookie' },
      });
      // links.html: one error (its http:// link), and warnings (checkout.stripe.com, merchants' references).
      expect(report.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.code)).toEqual([
        'not-https',
      ]);
      expect(view.verdict).toBe('✗ Not ready: 1 error below would leave payments unattributed.');
      expect(view.rows).toHaveLength(report.elements.length);
      expect(view.problems.map((problem) => problem.docs)).toEqual(report.problems.map((problem) => problem.docs));
      for (const [i, problem] of report.problems.entries()) {
        expect(view.problems[i].text).toContain(problem.message);
        expect(view.problems[i].text).toContain(`Fix: ${problem.fix}`);
      }
    });

    it('takes the focus when it opens; Escape closes it and gives the focus back', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok', query: { engagetrack_verify: '' } }));
      expect((await panelView(session)).focused).toBe('panel');
      expect(await session.evaluate(() => document.activeElement?.id)).toBe('engagetrack-verify');
      // Its actions are real buttons (keyboard, assistive technology).
      expect(
        await session.evaluate(() =>
          [...document.getElementById('engagetrack-verify')!.shadowRoot!.querySelectorAll('.button, .row')].every(
            (control) => control instanceof HTMLButtonElement && control.type === 'button',
          ),
        ),
      ).toBe(true);
      await session.press('#engagetrack-verify', 'Escape');
      await panelClosed(session);
      expect(await session.evaluate(() => document.activeElement === document.body)).toBe(true);
    });

    it('hovering an element’s row outlines that element on the page, without touching the element', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok', query: { engagetrack_verify: '' } }));
      await panelView(session);
      const before = await session.evaluate(() => document.getElementById('monthly')!.outerHTML);
      await movePointer(session, 'first row');
      const { box, target } = await highlightOver(session, '#monthly');
      expect(box.left).toBeCloseTo(target.left - 3, 0);
      expect(box.top).toBeCloseTo(target.top - 3, 0);
      expect(box.width).toBeCloseTo(target.width + 6, 0);
      expect(box.height).toBeCloseTo(target.height + 6, 0);
      expect(await session.evaluate(() => document.getElementById('monthly')!.outerHTML)).toBe(before);
      // The pointer leaves the row: the outline goes.
      await movePointer(session, { x: 2, y: 2 });
      await waitUntil(
        session,
        () =>
          document.getElementById('engagetrack-verify')!.shadowRoot!.querySelector<HTMLElement>('.highlight')!.hidden,
      );
    });

    itOn(
      t.engine,
      ['chromium', 'webkit'],
      'Firefox fires focus events only in the active tab of its window, and the concurrent sessions of the suite are tabs of one headless window: focus() there moves document.activeElement without a focus event (the hover outline and the keyboard run in Firefox above)',
      'focusing an element’s row outlines that element too',
      async () => {
        const session = await t.open();
        await session.goto(t.server.page({ body: 'verify-ok', query: { engagetrack_verify: '' } }));
        await panelView(session);
        await session.evaluate(() => {
          document.getElementById('engagetrack-verify')!.shadowRoot!.querySelectorAll<HTMLElement>('.row')[1].focus();
        });
        const { box, target } = await highlightOver(session, '#yearly');
        expect(box.left).toBeCloseTo(target.left - 3, 0);
        expect(box.width).toBeCloseTo(target.width + 6, 0);
      },
    );

    itOnce(t.engine, '“Copy report (JSON)” copies the report with the Clipboard API', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok', query: { engagetrack_verify: '' } }));
      const report = await bundleReport(session);
      await panelView(session);
      const copied = await session.evaluate(async () => {
        let text = '';
        // The page is plain http, where browsers offer no Clipboard API: a stand-in records the text.
        Object.defineProperty(navigator, 'clipboard', {
          configurable: true,
          value: {
            writeText: async (value: string) => {
              text = value;
            },
          },
        });
        const root = document.getElementById('engagetrack-verify')!.shadowRoot!;
        [...root.querySelectorAll<HTMLButtonElement>('.button')]
          .find((button) => button.textContent?.startsWith('Copy'))!
          .click();
        await new Promise<void>((resolve) => {
          const status = root.querySelector('[role="status"]')!;
          new MutationObserver(() => status.textContent && resolve()).observe(status, { childList: true });
        });
        return { text, status: root.querySelector('[role="status"]')!.textContent };
      });
      expect(copied.status).toBe('Copied.');
      expect(JSON.parse(copied.text)).toEqual(report satisfies VerifyReport);
    });

    itOnce(t.engine, 'without the Clipboard API, the JSON is selected in a text box, for copying by hand', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok', query: { engagetrack_verify: '' } }));
      const report = await bundleReport(session);
      await panelView(session);
      const shown = await session.evaluate(async () => {
        Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
        // document.execCommand('copy') refused (as a browser may): the text stays selected.
        document.execCommand = () => false;
        const root = document.getElementById('engagetrack-verify')!.shadowRoot!;
        [...root.querySelectorAll<HTMLButtonElement>('.button')]
          .find((button) => button.textContent?.startsWith('Copy'))!
          .click();
        const status = root.querySelector('[role="status"]')!;
        await new Promise<void>((resolve) => {
          new MutationObserver(() => status.textContent && resolve()).observe(status, { childList: true });
        });
        const area = root.querySelector('textarea')!;
        return {
          status: status.textContent,
          hidden: area.hidden,
          text: area.value,
          selected: area.value.slice(area.selectionStart, area.selectionEnd) === area.value,
        };
      });
      expect(shown).toMatchObject({ status: 'Select the JSON below and copy it.', hidden: false, selected: true });
      expect(JSON.parse(shown.text)).toEqual(report);
    });
  });

  describe('styles', () => {
    it('isolated both ways: the page’s CSS does not reach the panel, the panel’s does not reach the page', async () => {
      const session = await t.open();
      const url = t.server.page({ body: 'verify-hostile' });
      await session.goto(url);
      const pageStyles = () =>
        session.evaluate(() =>
          ['page-panel', 'page-button', 'page-verdict'].map((id) => {
            const style = getComputedStyle(document.getElementById(id)!);
            return [style.borderTopWidth, style.borderTopStyle, style.backgroundColor, style.padding, style.fontSize];
          }),
        );
      const before = await pageStyles();
      await session.goto(`${url}&engagetrack_verify`);
      await panelView(session);
      const panel = await session.evaluate(() => {
        const host = document.getElementById('engagetrack-verify')!;
        const style = (element: Element) => getComputedStyle(element);
        const root = host.shadowRoot!;
        return {
          host: [style(host).display, style(host).opacity, style(host).position],
          panel: [style(root.querySelector('.panel')!).backgroundColor, style(root.querySelector('.panel')!).fontSize],
          title: [style(root.querySelector('.title')!).color, style(root.querySelector('.title')!).letterSpacing],
          button: style(root.querySelector('.button')!).borderTopStyle,
        };
      });
      expect(panel).toEqual({
        host: ['block', '1', 'fixed'],
        panel: ['rgb(255, 255, 255)', '14px'],
        title: ['rgb(26, 31, 54)', 'normal'],
        button: 'solid',
      });
      expect(await pageStyles()).toEqual(before);
    });

    it("under a Content-Security-Policy without 'unsafe-inline': styled, and not one violation", async () => {
      const session = await t.open();
      await session.goto(
        t.server.page({ body: 'verify-ok', csp: true, harness: ['watch-csp'], query: { engagetrack_verify: '' } }),
      );
      expect(await bundleReport(session)).toMatchObject({ ok: true });
      await panelView(session);
      const styled = await session.evaluate(() => {
        const panel = document.getElementById('engagetrack-verify')!.shadowRoot!.querySelector('.panel')!;
        return [getComputedStyle(panel).position, getComputedStyle(panel).backgroundColor];
      });
      expect(styled).toEqual(['fixed', 'rgb(255, 255, 255)']);
      expect(await session.evaluate(() => window.__harness.violations)).toEqual([]);
      // The policy is in force: an inline style attribute is refused (and reported).
      t.allowPageErrors();
      expect(await session.errors()).toEqual([]);
      await session.evaluate(() => document.getElementById('monthly')!.setAttribute('style', 'color: red'));
      const violations = await waitUntil(session, () =>
        window.__harness.violations.length ? window.__harness.violations : null,
      );
      expect(violations!.map((violation) => violation.split(' ')[0])).toEqual([
        expect.stringMatching(/^style-src(-attr)?$/),
      ]);
    });

    it('without constructable stylesheets (older browsers): the same styles through the CSSOM', async () => {
      const session = await t.open();
      await session.goto(t.server.page({ body: 'verify-ok', load: 'none', query: { engagetrack_verify: '' } }));
      await session.evaluate(() => {
        // As in a browser without constructable stylesheets (Safari before 16.4): no adoptedStyleSheets.
        delete (ShadowRoot.prototype as unknown as Record<string, unknown>).adoptedStyleSheets;
        const script = document.createElement('script');
        script.src = '/dist/engagetrack.min.js';
        document.head.append(script);
      });
      await panelView(session);
      const styled = await session.evaluate(() => {
        const host = document.getElementById('engagetrack-verify')!;
        const panel = host.shadowRoot!.querySelector('.panel')!;
        return {
          adopted: 'adoptedStyleSheets' in host.shadowRoot!,
          host: host.style.getPropertyPriority('position'),
          panel: [getComputedStyle(panel).position, getComputedStyle(panel).backgroundColor],
        };
      });
      expect(styled).toEqual({ adopted: false, host: 'important', panel: ['fixed', 'rgb(255, 255, 255)'] });
    });
  });

  describe('the demo (npm run demo)', () => {
    let demo: ServerProcess | undefined;
    beforeAll(async () => {
      demo = await startDemo();
    });
    afterAll(async () => {
      await demo?.stop();
    });

    it('“Verify this page” opens the panel, served from the SDK’s own directory, with a green verdict', async () => {
      const session = await t.open();
      await session.goto(demo!.address);
      const verifyLink = await session.evaluate(() => document.getElementById('verify')?.getAttribute('href'));
      expect(verifyLink).toBe('?engagetrack_verify');
      await session.click('#verify');
      const view = await panelView(session);
      expect(view.verdictClass).toBe('verdict ok');
      expect(view.verdict).toMatch(/^✓ Ready: payments from this page are attributed/);
      expect(await verifyBundleRequests(session)).toEqual([`${demo!.address}dist/engagetrack.verify.min.js`]);
    });
  });
});
