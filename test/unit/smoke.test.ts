import { beforeEach, describe, expect, it } from 'vitest';
import { clearStores, cookies, ID, loadSdk, STORE_KEY, snippetDecorate } from './helpers.js';

beforeEach(clearStores);

describe('smoke', () => {
  it('gives IDs and decorates a link like the snippet', async () => {
    const sdk = await loadSdk();
    const visitor = sdk.getVisitorId();
    const session = sdk.getSessionId();
    expect(visitor).toMatch(ID);
    expect(session).toMatch(ID);
    expect(cookies()[STORE_KEY]).toContain(visitor);
    const href = 'https://buy.stripe.com/aBC123dEfGhI?locale=fr#x';
    expect(sdk.decorateUrl(href)).toBe(snippetDecorate(href, visitor, session));
  });
});
