/**
 * Makes sure the browser the Web UI test drives is there before `npm test`: Debian's
 * `chromium` (playwright-core never downloads one, and no browser download works here), so
 * that `npm install && npm test` stays the whole set-up on a fresh machine. Installed with
 * apt-get as root (or through sudo); anywhere else, it says what to run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../test/support/chromium';

if (existsSync(CHROMIUM_PATH)) process.exit(0);

const asRoot = process.getuid?.() === 0;
const hasSudo = (() => {
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!asRoot && !hasSudo) {
  console.error(
    `No Chromium at ${CHROMIUM_PATH} for the Web UI test: run \`sudo apt-get update && sudo apt-get install -y chromium\`, or set CHROMIUM_PATH`,
  );
  process.exit(1);
}
const run = (args: string[]) =>
  asRoot
    ? execFileSync(args[0]!, args.slice(1), { stdio: 'inherit' })
    : execFileSync('sudo', ['-n', ...args], { stdio: 'inherit' });
console.log("Installing Debian's chromium for the Web UI test");
run(['apt-get', 'update']);
run(['apt-get', 'install', '-y', 'chromium']);
