/** Samples a process's resident memory from /proc while the run goes on. */
import { rssMb } from './receiver-process';

export interface MemoryWatch {
  before: number;
  peak(): number;
  stop(): number;
}

export function watchMemory(pid: number, everyMs = 250): MemoryWatch {
  const before = rssMb(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, everyMs);
  return {
    before,
    peak: () => peak,
    stop() {
      clearInterval(timer);
      return rssMb(pid);
    },
  };
}
