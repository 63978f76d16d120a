import { describe, expect, it, vi } from 'vitest';
import { freshPage } from './decorate-helpers.js';
import { type loadSdk, page, settle, snippetDecorate } from './helpers.js';

type Sdk = Awaited<ReturnType<typeof loadSdk>>;

let sdk: Sdk;
const { start } = freshPage((loaded) => {
  sdk = loaded;
});

/** Spies console.log without printing; returns the SDK's lines: their text, and their arguments. */
function captureLog(): { lines(): { text: string; args: unknown[] }[] } {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  return {
    lines: () =>
      log.mock.calls
        .filter((args) => args[0] === '[engagetrack]')
        .map((args) => ({
          text: args
            .slice(1)
            .filter((part) => typeof part === 'string')
            .join(' '),
          args,
        })),
  };
}

/** The SDK's log lines about `subject` (an element, or the URL given to decorateUrl). */
const about = (lines: { text: string; args: unknown[] }[], subject: unknown) =>
  lines.filter((line) => line.args.includes(subject));

describe('debug: true explains what the SDK did to each link', () => {
  it('logs a decorated link, with the element', () => {
    const console = captureLog();
    page('<a id="buy" href="https://buy.stripe.com/x">Buy</a>');
    start({ debug: true });
    const lines = about(console.lines(), document.getElementById('buy'));
    expect(lines.map((line) => line.text)).toEqual([expect.stringContaining('decorated')]);
  });

  it('logs a decorated Pricing Table', () => {
    const console = captureLog();
    page('<stripe-pricing-table id="t"></stripe-pricing-table>');
    start({ debug: true });
    const lines = about(console.lines(), document.getElementById('t'));
    expect(lines.some((line) => line.text.includes('decorated'))).toBe(true);
  });

  it("logs an http: Stripe link as skipped, with 'http:' as the reason", () => {
    const console = captureLog();
    page('<a id="http" href="http://buy.stripe.com/x">Buy</a>');
    start({ debug: true });
    const lines = about(console.lines(), document.getElementById('http'));
    expect(lines).toHaveLength(1);
    expect(lines[0].text).toContain('skipped');
    expect(lines[0].text).toContain('http:');
    expect(lines[0].text).not.toContain('decorated');
  });

  it('logs a host that only contains buy.stripe.com as skipped, naming the host', () => {
    const console = captureLog();
    page('<a id="evil" href="https://buy.stripe.com.evil.example/x">Buy</a>');
    start({ debug: true });
    const lines = about(console.lines(), document.getElementById('evil'));
    expect(lines).toHaveLength(1);
    expect(lines[0].text).toContain('skipped');
    expect(lines[0].text).toContain('buy.stripe.com.evil.example');
  });

  it("logs a malformed href as skipped with 'malformed'", () => {
    const console = captureLog();
    page('<a id="bad" href="https://buy.stripe.com:99999/">Buy</a>');
    start({ debug: true });
    const lines = about(console.lines(), document.getElementById('bad'));
    expect(lines).toHaveLength(1);
    expect(lines[0].text).toContain('skipped');
    expect(lines[0].text).toContain('malformed');
  });

  it("logs a merchant's client_reference_id as kept", () => {
    const console = captureLog();
    page(`
      <a id="merchant" href="https://buy.stripe.com/x?client_reference_id=order-4711">Buy</a>
      <stripe-buy-button id="button" client-reference-id="crm-42"></stripe-buy-button>`);
    start({ debug: true });
    const link = about(console.lines(), document.getElementById('merchant')).map((line) => line.text);
    expect(link.some((text) => text.includes('kept'))).toBe(true);
    const button = about(console.lines(), document.getElementById('button')).map((line) => line.text);
    expect(button.some((text) => text.includes('kept'))).toBe(true);
  });

  it('logs what decorateUrl() skipped', () => {
    const console = captureLog();
    start({ debug: true });
    expect(sdk.decorateUrl('http://buy.stripe.com/x')).toBe('http://buy.stripe.com/x');
    const lines = console.lines().filter((line) => line.text.includes('skipped'));
    expect(lines.some((line) => line.text.includes('http:') || line.args.includes('http://buy.stripe.com/x'))).toBe(
      true,
    );
  });

  it('logs links added later too', async () => {
    const console = captureLog();
    start({ debug: true });
    document.body.insertAdjacentHTML('beforeend', '<a id="late" href="https://buy.stripe.com/late">x</a>');
    await settle();
    const lines = about(console.lines(), document.getElementById('late'));
    expect(lines.some((line) => line.text.includes('decorated'))).toBe(true);
  });

  it('keeps decorating when console.log itself throws', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {
      throw new Error('console is broken');
    });
    page('<a id="buy" href="https://buy.stripe.com/x">Buy</a>');
    start({ debug: true });
    // The link is decorated, the calls answer as usual, and the broken console was really called.
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    expect(visitor).toMatch(/^[0-9a-f]{32}$/);
    expect(document.getElementById('buy')!.getAttribute('href')).toBe(
      snippetDecorate('https://buy.stripe.com/x', visitor, session),
    );
    expect(sdk.decorateStripeLinks()).toBe(1);
    expect(sdk.decorateUrl('https://buy.stripe.com/y')).toBe(
      snippetDecorate('https://buy.stripe.com/y', visitor, session),
    );
    expect(sdk.decorateUrl('http://buy.stripe.com/x')).toBe('http://buy.stripe.com/x');
    expect(log).toHaveBeenCalled();
  });
});

describe('without debug the console stays quiet', () => {
  it('logs, warns and errors nothing while decorating a busy page', async () => {
    const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    page(`
      <a href="https://buy.stripe.com/x">ok</a>
      <a href="https://buy.stripe.com/x?client_reference_id=order-1">kept</a>
      <a href="http://buy.stripe.com/x">http</a>
      <a href="https://buy.stripe.com.evil.example/x">evil</a>
      <a href="https://buy.stripe.com:99999/">malformed</a>
      <a href="javascript:alert('buy.stripe.com')">js</a>
      <stripe-buy-button client-reference-id="crm-1"></stripe-buy-button>
      <stripe-pricing-table></stripe-pricing-table>`);
    start();
    sdk.decorateStripeLinks();
    sdk.decorateUrl('http://buy.stripe.com/x');
    sdk.decorateUrl('https://buy.stripe.com/x?client_reference_id=order-1');
    document.body.insertAdjacentHTML('beforeend', '<a href="http://buy.stripe.com/late">late</a>');
    await settle();
    sdk.reset();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('stays quiet with debug: false', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    page('<a href="https://buy.stripe.com/x">ok</a><a href="http://buy.stripe.com/x">http</a>');
    start({ debug: false });
    expect(log).not.toHaveBeenCalled();
  });
});
