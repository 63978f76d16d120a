/**
 * The command line (`bin` of the package, built to dist/cli.mjs):
 * `npx engagetrack verify <url…> [--json] [--browser <path>] [--timeout <ms>] [--no-click]`.
 * A thin shell around the report the page's verify bundle makes; see `run`.
 */
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
});
