import { describe, expect, it } from 'vitest';
import { devServerArgs, type DevServerOptions } from '../../src/temporal/dev-server';

const base: DevServerOptions = {
  cliPath: '/bin/temporal',
  dataDir: undefined,
  port: 7233,
  uiPort: undefined,
  namespace: 'default',
};

/** The value following each occurrence of `flag`. */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]!] : []));
}

describe('the embedded dev server arguments', () => {
  it('keep a data folder in SQLite with a write-ahead log, synchronous=normal by default', () => {
    const args = devServerArgs({ ...base, dataDir: '/data' });
    expect(valuesOf(args, '--db-filename')).toEqual(['/data/temporal.sqlite']);
    expect(valuesOf(args, '--sqlite-pragma')).toEqual(['journal_mode=wal', 'synchronous=normal']);
    expect(
      valuesOf(
        devServerArgs({ ...base, dataDir: '/data', sqliteSynchronous: 'full' }),
        '--sqlite-pragma',
      ),
    ).toContain('synchronous=full');
  });

  it('keep everything in memory without a data folder (tests)', () => {
    const args = devServerArgs(base);
    expect(args).not.toContain('--db-filename');
    expect(args).not.toContain('--sqlite-pragma');
  });

  it('serve the Web UI on the given port, or run headless', () => {
    expect(valuesOf(devServerArgs({ ...base, uiPort: 8233 }), '--ui-port')).toEqual(['8233']);
    expect(devServerArgs({ ...base, uiPort: 8233 })).not.toContain('--headless');
    expect(devServerArgs(base)).toContain('--headless');
  });

  it('register every search attribute before the server serves', () => {
    expect(valuesOf(devServerArgs(base), '--search-attribute')).toEqual([
      'PodiumEventType=Keyword',
      'PodiumEventStatus=Keyword',
      'PodiumOrderingKey=Keyword',
      'PodiumEventLate=Keyword',
    ]);
  });

  it('pass the measured dynamic config as key=JSON pairs', () => {
    expect(valuesOf(devServerArgs(base), '--dynamic-config-value')).toEqual([
      'system.forceSearchAttributesCacheRefreshOnRead=false',
      'matching.numTaskqueueReadPartitions=1',
      'matching.numTaskqueueWritePartitions=1',
      'system.enableActivityEagerExecution=true',
      'history.visibilityProcessorSchedulerWorkerCount=2',
    ]);
  });

  it('serve metrics on the given port only when asked (bench:cost reads them)', () => {
    expect(valuesOf(devServerArgs({ ...base, metricsPort: 9090 }), '--metrics-port')).toEqual([
      '9090',
    ]);
    expect(devServerArgs(base)).not.toContain('--metrics-port');
  });

  it('create a namespace other than default', () => {
    expect(valuesOf(devServerArgs({ ...base, namespace: 'podium' }), '--namespace')).toEqual([
      'podium',
    ]);
    expect(devServerArgs(base)).not.toContain('--namespace');
  });
});
