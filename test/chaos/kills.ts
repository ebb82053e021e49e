/** Carries out the fault plan's process kills as the traffic reaches each one's point. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessKill } from './fault-plan';
import type { Deployment, Role } from './processes';

export interface KillRecord {
  role: Role;
  atMs: number;
  /** When the restarted process served again. */
  readyAtMs: number;
}

/**
 * Runs the kills in order, each once the traffic has sent its share and the previous restart
 * is done. Stops early (the missing kills then fail the run) if the traffic ends first or a
 * restart fails.
 */
export async function runKills(
  deployment: Deployment,
  kills: readonly ProcessKill[],
  progress: () => { share: number; ended: boolean },
  log: (line: string) => void,
): Promise<KillRecord[]> {
  const done: KillRecord[] = [];
  for (const kill of kills) {
    while (progress().share < kill.afterShare && !progress().ended) await sleep(50);
    if (progress().ended) break;
    const atMs = Date.now();
    log(`SIGKILL ${kill.role} at ${(progress().share * 100).toFixed(0)} % of the deliveries`);
    try {
      await deployment.killAndRestart(kill.role);
    } catch (error) {
      // Not restarted: the run goes on without it, and its checks say what that cost.
      log(`${kill.role} did not come back: ${String(error).slice(0, 2000)}`);
      break;
    }
    done.push({ role: kill.role, atMs, readyAtMs: Date.now() });
    log(`${kill.role} serving again after ${((Date.now() - atMs) / 1000).toFixed(1)} s`);
  }
  return done;
}
