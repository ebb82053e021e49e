/** Asks the operator before a bulk action; never acts unasked when nobody can answer. */
import { createInterface } from 'node:readline/promises';
import { UsageError } from './filters';

export async function confirm(question: string, options: { yes?: boolean }): Promise<boolean> {
  if (options.yes) return true;
  if (!process.stdin.isTTY)
    throw new UsageError('not a terminal, so nobody can confirm: add --yes, or --dry-run to look');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
