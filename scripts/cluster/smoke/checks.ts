/** The smoke's verdicts: each a name and whether it held, printed as a test runner would. */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export function check(name: string, ok: boolean, detail?: string): Check {
  return { name, ok, ...(detail ? { detail } : {}) };
}

/** Prints every check and a closing `smoke: N passed, N failed` line; true when all held. */
export function report(checks: Check[]): boolean {
  for (const { name, ok, detail } of checks) {
    console.log(`${ok ? '✓' : '×'} ${name}${detail ? `: ${detail}` : ''}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`smoke: ${checks.length - failed} passed, ${failed} failed`);
  return failed === 0;
}

/** Waits until `done()` holds, polling; throws `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`smoke: ${what} not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
