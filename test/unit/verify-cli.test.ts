// @vitest-environment node
// `engagetrack verify <url…>` (SPEC "Verify"): how it reads its arguments. The command run against real
// pages, with its browser, is in test/browser/verify-cli.test.ts.
import { describe, expect, it } from 'vitest';
import { CouldNotRun } from '../../src/cli/CouldNotRun.js';
import { parseCommand, USAGE } from '../../src/cli/parseCommand.js';

/** The URL the command opens for `given`. */
function opened(given: string): string {
  const command = parseCommand(['verify', given]);
  if (command === 'help') throw new Error('not a verify command');
  return command.urls[0];
}

describe('an address without http:// or https://', () => {
  it('is http:// on this machine (localhost, 127.0.0.1, [::1]): a local dev server has no TLS', () => {
    expect(opened('localhost:3000/x')).toBe('http://localhost:3000/x');
    expect(opened('localhost/pricing')).toBe('http://localhost/pricing');
    expect(opened('127.0.0.1:8080')).toBe('http://127.0.0.1:8080/');
    expect(opened('[::1]:3000/x?engagetrack_verify')).toBe('http://[::1]:3000/x?engagetrack_verify');
  });

  it('is https:// anywhere else, with a port too', () => {
    expect(opened('shop.example/pricing')).toBe('https://shop.example/pricing');
    expect(opened('staging.shop.example:8443/pricing')).toBe('https://staging.shop.example:8443/pricing');
    expect(opened('localhost.shop.example/x')).toBe('https://localhost.shop.example/x');
  });

  it('as written when it has one', () => {
    expect(opened('http://shop.example/x')).toBe('http://shop.example/x');
    expect(opened('HTTPS://localhost:3000/x')).toBe('https://localhost:3000/x');
  });

  it('another scheme is refused (exit 2), with the address as given', () => {
    for (const given of ['ftp://shop.test/', 'file:///tmp/page.html', 'mailto:ann@shop.test', 'javascript:alert(1)']) {
      expect(() => opened(given), given).toThrow(new CouldNotRun(`Not an http(s) URL: ${given}`));
    }
  });

  it('--help says so', () => {
    expect(USAGE).toMatch(/without http:\/\/ or https:\/\/.+http:\/\/ for localhost, 127\.0\.0\.1 and \[::1\]/s);
  });
});
