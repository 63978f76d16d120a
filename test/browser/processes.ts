/**
 * Servers the browser tests start as child processes (the framework examples): started in their own
 * process group, so that stopping one ends what it started too (`next` runs its server in a child).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { recordProcessGroup } from './drivers/leftovers.js';

/** A running server process. */
export interface ServerProcess {
  readonly process: ChildProcess;
  /** The address it printed (the first match of `address`). */
  readonly address: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Ends its process group and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `command` and resolves once its output matches `address` (a RegExp whose match is the URL to
 * open), or rejects with its output if it exits first. It has no timer of its own: the hook that
 * starts it bounds the wait (a fixed start timer fails a loaded machine that is merely slow).
 */
export function startServerProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; address: RegExp },
): Promise<ServerProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // Ended by the run's teardown too, should this worker be killed before stop() (drivers/leftovers.ts).
  if (child.pid) recordProcessGroup(child.pid);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const killed = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5_000);
      await exited;
      clearTimeout(killed);
    }
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const address = output.match(options.address)?.[0];
      if (address) {
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => (output += more));
        child.stderr!.on('data', (more: Buffer) => (output += more));
        resolve({ process: child, address, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}
