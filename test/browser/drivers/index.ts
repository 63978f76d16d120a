/**
 * The engines the browser suite runs on. Adding an engine is one file in this folder implementing
 * {@link Engine} (see types.ts) plus one line here.
 */
import { chromiumEngine } from './chromium.js';
import { firefoxEngine } from './firefox.js';
import type { Engine } from './types.js';
import { webkitEngine } from './webkit.js';

export type { Browser, Cookie, Engine, Session, SessionOptions } from './types.js';
export { DriverStall, isDriverStall } from './types.js';

/** Every engine the suite knows, in the order it runs them. */
export const ENGINES: Engine[] = [chromiumEngine, firefoxEngine, webkitEngine];

/**
 * The engines to run: all of them, or those named in ENGAGETRACK_BROWSERS (comma-separated, e.g.
 * `chromium`). A name that is no engine's is an error, not an empty selection: a typo must not turn
 * the browser suite into a skip.
 */
export function selectedEngines(): Engine[] {
  const setting = process.env.ENGAGETRACK_BROWSERS;
  if (setting === undefined) return ENGINES;
  const wanted = setting.split(',').map((name) => name.trim().toLowerCase());
  const known = ENGINES.map((engine) => engine.name);
  const unknown = wanted.filter((name) => !known.includes(name));
  if (unknown.length || !wanted.length) {
    throw new Error(
      `ENGAGETRACK_BROWSERS=${JSON.stringify(setting)} names no known engine${unknown.length ? ` (${unknown.map((name) => JSON.stringify(name)).join(', ')})` : ''}: use a comma-separated list of ${known.join(', ')}, or unset it for all`,
    );
  }
  return ENGINES.filter((engine) => wanted.includes(engine.name));
}
