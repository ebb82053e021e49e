/**
 * The browser the Web UI test drives: Debian's `chromium`, never a downloaded one. CI installs
 * `npm test`'s pretest step installs it (scripts/ensure-chromium.ts); a machine without it fails
 * the test with what to run, rather than skip it.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: run \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH)`,
    );
  }
}
