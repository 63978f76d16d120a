// `engagetrack/react` (src/react/) in jsdom with React 19: when <EngageTrack /> starts and stops
// automatic mode, under StrictMode and on prop changes, and that server rendering outputs nothing.
import type { Options } from 'engagetrack';
import { act, createElement, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngageTrack } from '../../src/react/index.js';
import { clearStores, page, settle } from './helpers.js';

/** What the component asked of the core, in order. */
const calls: string[] = [];

// The real core, with init() and the stop() it returns recorded.
vi.mock('engagetrack', async (importOriginal) => {
  const core = await importOriginal<typeof import('engagetrack')>();
  return {
    ...core,
    init: (options?: Options) => {
      calls.push(`init ${JSON.stringify(options)}`);
      const stop = core.init(options);
      return () => {
        calls.push('stop');
        stop();
      };
    },
  };
});

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLElement;
let root: Root | undefined;

beforeEach(() => {
  clearStores();
  calls.length = 0;
  page('<a id="first" href="https://buy.stripe.com/first">Buy</a><div id="app"></div>');
  container = document.getElementById('app')!;
});

afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
});

function render(props: Options = {}, strict = false): void {
  const element = createElement(EngageTrack, props);
  act(() => {
    root ??= createRoot(container);
    root.render(strict ? createElement(StrictMode, null, element) : element);
  });
}

const decorated = (id: string) =>
  new URL(document.getElementById(id)!.getAttribute('href')!).searchParams.has('client_reference_id');

/** Adds a payment link (on `host`) after the component mounted, and lets automatic mode see it. */
async function addLink(id: string, host = 'buy.stripe.com'): Promise<void> {
  document.body.insertAdjacentHTML('beforeend', `<a id="${id}" href="https://${host}/${id}">Buy</a>`);
  await settle();
}

describe('<EngageTrack />', () => {
  it('renders nothing', () => {
    render({ debug: false });
    expect(container.innerHTML).toBe('');
  });

  it('starts automatic mode after mount, with its props as options; unmounting stops it', async () => {
    render({ sessionTimeout: 60 });
    expect(calls).toEqual(['init {"sessionTimeout":60}']);
    expect(decorated('first')).toBe(true);
    await addLink('later');
    expect(decorated('later')).toBe(true);

    act(() => root!.unmount());
    root = undefined;
    expect(calls).toEqual(['init {"sessionTimeout":60}', 'stop']);
    await addLink('after-unmount');
    expect(decorated('after-unmount')).toBe(false);
  });

  it('under StrictMode (mount, clean up, mount) leaves automatic mode running once', async () => {
    render({}, true);
    expect(calls).toEqual(['init {}', 'stop', 'init {}']);
    await addLink('later');
    expect(decorated('later')).toBe(true);

    act(() => root!.unmount());
    root = undefined;
    expect(calls).toEqual(['init {}', 'stop', 'init {}', 'stop']);
    await addLink('after-unmount');
    expect(decorated('after-unmount')).toBe(false);
  });

  it('a re-render with props of the same value changes nothing', () => {
    render({ paymentLinkHosts: ['pay.example.com'], debug: false });
    render({ paymentLinkHosts: ['pay.example.com'], debug: false, sessionTimeout: undefined });
    render({ debug: false, paymentLinkHosts: ['pay.example.com'] });
    expect(calls).toEqual(['init {"paymentLinkHosts":["pay.example.com"],"debug":false}']);
  });

  it('a prop that changes value restarts automatic mode with the new options', async () => {
    render({ paymentLinkHosts: ['pay.example.com'] });
    render({ paymentLinkHosts: ['checkout.example.com'] });
    expect(calls).toEqual([
      'init {"paymentLinkHosts":["pay.example.com"]}',
      'stop',
      'init {"paymentLinkHosts":["checkout.example.com"]}',
    ]);
    await addLink('custom', 'checkout.example.com');
    expect(decorated('custom')).toBe(true);
  });
});

describe('server rendering (react-dom/server)', () => {
  it('outputs nothing and starts nothing', () => {
    const html = renderToString(createElement('main', null, createElement(EngageTrack, { debug: true })));
    expect(html).toBe('<main></main>');
    expect(calls).toEqual([]);
    expect(decorated('first')).toBe(false);
  });
});
