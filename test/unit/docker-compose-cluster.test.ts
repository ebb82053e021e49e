/**
 * docker-compose.yml runs the Temporal cluster that `npm run test:cluster` proves
 * (scripts/cluster/): the same server version and PostgreSQL major, the same server settings,
 * dynamic config and setup scripts, each from one file in deploy/ that both read.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  environmentOf,
  hostPathOf,
  mountedScriptOf,
  readEnvFile,
  readRepoFile,
  service,
} from '../support/compose-file';

const versions = readEnvFile('deploy/temporal/versions.env');
const serverEnv = readEnvFile('deploy/temporal/server.env');
const clusterScript = (name: string) => readRepoFile(`scripts/cluster/${name}`);

describe('docker-compose.yml and the tested cluster', () => {
  it('run the same Temporal server version, built by the cluster run from the module proxy', () => {
    const version = versions.TEMPORAL_SERVER_VERSION;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(service('temporal').image).toBe(`temporalio/server:${version}`);
    for (const job of ['temporal-schema', 'temporal-admin-tools']) {
      expect(service(job).image, job).toBe(`temporalio/admin-tools:${version}`);
    }
    expect(clusterScript('env.sh')).toContain('source "$ROOT/deploy/temporal/versions.env"');
    expect(clusterScript('provision-tools.sh')).toContain(
      '"$module/cmd/server@v$TEMPORAL_SERVER_VERSION"',
    );
  });

  it('run the same PostgreSQL major', () => {
    expect(service('postgresql').image).toBe(`postgres:${versions.POSTGRES_MAJOR}`);
    expect(clusterScript('postgres.sh')).toContain(
      'pg_bin=/usr/lib/postgresql/$POSTGRES_MAJOR/bin',
    );
  });

  it('configure the server from the same settings file, overriding none of them', () => {
    expect(service('temporal').env_file).toEqual(['deploy/temporal/server.env']);
    const overridden = Object.keys(environmentOf('temporal')).filter((key) => key in serverEnv);
    expect(overridden).toEqual([]);
    expect(clusterScript('temporal-server.sh')).toContain(
      'source "$ROOT/deploy/temporal/server.env"',
    );
    // What the cluster run proves: PostgreSQL for both stores, several history shards.
    expect(serverEnv).toMatchObject({ DB: 'postgres12', ENABLE_ES: 'false' });
    expect(Number(serverEnv.NUM_HISTORY_SHARDS)).toBeGreaterThanOrEqual(4);
  });

  it('give the server the same dynamic config file', () => {
    const inContainer = environmentOf('temporal').DYNAMIC_CONFIG_FILE_PATH ?? '';
    expect(hostPathOf('temporal', inContainer)).toBe('deploy/dynamicconfig/cluster.yaml');
    const script = clusterScript('temporal-server.sh');
    expect(script).toContain('dynamic_config=$ROOT/deploy/dynamicconfig/cluster.yaml');
    expect(script).toContain('export DYNAMIC_CONFIG_FILE_PATH=$dynamic_config');
    // The SQL schema's workflow_id columns are VARCHAR(255).
    const config = parse(readRepoFile('deploy/dynamicconfig/cluster.yaml')) as Record<
      string,
      [{ value: unknown }]
    >;
    expect(config['limit.maxIDLength']?.[0].value).toBe(255);
  });

  it('set up the databases and the namespace with the same scripts', () => {
    expect(mountedScriptOf('temporal-schema')).toBe('deploy/temporal/setup-schema.sh');
    expect(clusterScript('temporal-server.sh')).toContain(
      '"$ROOT/deploy/temporal/setup-schema.sh"',
    );
    expect(mountedScriptOf('temporal-admin-tools')).toBe('deploy/temporal/setup-namespace.sh');
    expect(clusterScript('up.sh')).toContain('sh deploy/temporal/setup-namespace.sh');
  });

  it('connect the server and the schema job as the PostgreSQL service lets them in', () => {
    const postgres = environmentOf('postgresql');
    expect(environmentOf('temporal')).toMatchObject({
      POSTGRES_SEEDS: 'postgresql',
      POSTGRES_USER: postgres.POSTGRES_USER,
      POSTGRES_PWD: postgres.POSTGRES_PASSWORD,
    });
    expect(environmentOf('temporal-schema')).toMatchObject({
      SQL_HOST: 'postgresql',
      SQL_USER: postgres.POSTGRES_USER,
      SQL_PASSWORD: postgres.POSTGRES_PASSWORD,
    });
  });
});
