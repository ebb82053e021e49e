/** Prints the project's Temporal CLI, installing the pinned one first if none is found. */
import { execFileSync } from 'node:child_process';
import { findTemporalCli } from '../../src/temporal/find-temporal-cli';

if (!findTemporalCli()) {
  execFileSync('npx', ['tsx', 'scripts/ensure-temporal-cli.ts'], { stdio: ['ignore', 2, 2] });
}
const cli = findTemporalCli();
if (!cli) throw new Error('no Temporal CLI after installing it');
console.log(cli);
