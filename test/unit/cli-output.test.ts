/** The CLI piped into `head` (issue 15: it crashed on EPIPE) exits quietly with success. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const writeMany = `
import { exitQuietlyOnClosedPipe } from './src/cli/output.ts';
exitQuietlyOnClosedPipe();
for (let i = 0; i < 200000; i++) console.log('podium-event-' + i + ' contact.created parked');
`;

describe('output into a closed pipe', () => {
  it('stops writing and exits 0 instead of crashing on EPIPE', () => {
    const run = spawnSync(
      'bash',
      ['-c', `set -o pipefail; node --import tsx --input-type=module -e "$SCRIPT" | head -n 1`],
      { env: { ...process.env, SCRIPT: writeMany }, encoding: 'utf8' },
    );
    expect(run.stdout).toBe('podium-event-0 contact.created parked\n');
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.status).toBe(0);
  });
});
