/**
 * The engines the browser suite runs on. Adding an engine is one file in this folder implementing
 * {@link Engine} (see types.ts) plus one line here.
 */
import { chromiumEngine } from './chromium.js';
import { firefoxEngine } from './firefox.js';
import type { Engine } from './types.js';
import { webkitEngine } from './webkit.js';

export type { Browser, Cookie, Engine, Session, SessionOptions } from './types.js';

/** Every engine the suite knows, in the order it runs them. */
export const ENGINES: Engine[] = [chromiumEngine, firefoxEngine, webkitEngine];

/**
 * The engines to run: all of them, or those named in ENGAGETRACK_BROWSERS (comma-separated, e.g.
 * `chromium`), intersected with `only` when a test file is engine-specific.
 */
export function selectedEngines(only?: string[]): Engine[] {
  const wanted = process.env.ENGAGETRACK_BROWSERS?.split(',').map((name) => name.trim().toLowerCase());
  return ENGINES.filter((engine) => (!wanted || wanted.includes(engine.name)) && (!only || only.includes(engine.name)));
}
