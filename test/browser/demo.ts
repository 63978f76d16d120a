/** The demo server (`npm run demo`, examples/demo/server.mjs) for the tests that drive the demo page. */
import { fileURLToPath } from 'node:url';
import { type ServerProcess, startServerProcess } from './processes.js';

const DEMO_SERVER = fileURLToPath(new URL('../../examples/demo/server.mjs', import.meta.url));

/**
 * Starts examples/demo/server.mjs on a free port (PORT=0); resolves once it printed its address
 * (`address`), bounded by the hook that starts it. `stop()` ends it.
 */
export function startDemo(): Promise<ServerProcess> {
  return startServerProcess(process.execPath, [DEMO_SERVER], {
    env: { PORT: '0' },
    address: /http:\/\/localhost:\d+\//,
  });
}
