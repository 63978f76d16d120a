/** The demo server (`npm run demo`, examples/demo/server.mjs) for the tests that drive the demo page. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DEMO_SERVER = fileURLToPath(new URL('../../examples/demo/server.mjs', import.meta.url));

/** Starts examples/demo/server.mjs on a free port (PORT=0) and returns the address it prints. */
export function startDemo(): Promise<{ process: ChildProcess; address: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO_SERVER], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the demo server printed no address: ${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const address = output.match(/http:\/\/localhost:\d+\//)?.[0];
      if (address) {
        clearTimeout(timer);
        resolve({ process: child, address });
      }
    });
    child.on('exit', (code) => reject(new Error(`the demo server exited with ${code}: ${output}`)));
  });
}
