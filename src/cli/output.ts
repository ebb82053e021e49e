/** How the CLI writes: aligned tables, and a quiet exit when its reader goes away (`| head`). */

/** Columns padded to their widest cell; the last column is left as is. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths![column]!)))
        .join('  '),
    )
    .join('\n');
}

/** Counts of each distinct value, largest first. */
export function countBy<T>(items: T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/**
 * A closed pipe is the reader's way of saying it has seen enough: stop writing and exit
 * without a stack trace. (A job the CLI started goes on; it does not depend on the CLI.)
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
}
