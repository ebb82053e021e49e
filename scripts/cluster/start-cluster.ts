/**
 * The cluster for a Node script (`BENCH_TEMPORAL=cluster npm run bench`): brought up by
 * scripts/cluster/up.sh, stopped by scripts/cluster/teardown.sh.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningCluster {
  address: string;
  /** The Temporal server process (PostgreSQL runs in processes of its own). */
  pid: number;
  stop(): Promise<void>;
}

export function startCluster(): Promise<RunningCluster> {
  const run = (script: string) =>
    execFileSync('bash', [`scripts/cluster/${script}`], { cwd: root, stdio: ['ignore', 2, 2] });
  run('up.sh');
  const env = execFileSync(
    'bash',
    ['-c', 'source scripts/cluster/env.sh && echo "$CLUSTER_ADDRESS $CLUSTER_DIR"'],
    { cwd: root, encoding: 'utf8' },
  );
  const [address = '', dir = ''] = env.trim().split(' ');
  const pid = Number(readFileSync(`${dir}/temporal-server.pid`, 'utf8'));
  return Promise.resolve({
    address,
    pid,
    stop: () => Promise.resolve(void run('teardown.sh')),
  });
}
