/**
 * Keeps docker-compose.yml and the Dockerfile honest without a Docker engine: the stack is
 * checked against the code it runs (the settings src/config.ts reads, the search attributes the
 * workflows use, the entry files package.json starts). That its Temporal is the one
 * `npm run test:cluster` proves: docker-compose-cluster.test.ts.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { MIN_RETENTION_DAYS } from '../../src/temporal/namespace';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/shared';
import {
  commandText,
  environmentOf,
  mountedScriptOf,
  readRepoFile,
  repoFile,
  service,
  services,
} from '../support/compose-file';

const dockerfile = readRepoFile('Dockerfile');
const packageJson = JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> };

/**
 * The names src/config.ts reads: the keys of its (unexported) env schemas, `EnvSchema` and
 * any `...EnvSchema` it is built from (`z.object({...})` or `.extend({...})`).
 */
function configVariableNames(): string[] {
  const source = readRepoFile('src/config.ts');
  const schemas = [...source.matchAll(/^const \w*EnvSchema = [^\n]*\(\{\n([\s\S]*?)\n\}\);/gm)];
  if (!schemas.some(([text]) => text.startsWith('const EnvSchema ='))) {
    throw new Error('EnvSchema not found in src/config.ts');
  }
  return schemas.flatMap(([, body = '']) =>
    [...body.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1] ?? ''),
  );
}

/** What Compose hands the container, given the host's environment (the subset Compose uses). */
function resolveEnvironment(name: string, host: Record<string, string>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(environmentOf(name))) {
    if (value === null) {
      if (host[key] !== undefined) resolved[key] = host[key];
      continue;
    }
    resolved[key] = value.replace(
      /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
      (
        whole,
        variable: string | undefined,
        operator: string | undefined,
        operand: string | undefined,
      ) => {
        if (whole === '$$' || variable === undefined) return '$';
        const current = host[variable];
        const missing = operator?.startsWith(':') ? !current : current === undefined;
        if (!missing) return current ?? '';
        if (operator?.endsWith('?')) throw new Error(`${variable}: ${operand ?? 'required'}`);
        return operator ? (operand ?? '') : '';
      },
    );
  }
  return resolved;
}

/** Published ports, short or long syntax, as { host port, container port }. */
function portsOf(name: string): Array<{ hostIp?: string; published?: number; target: number }> {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return { hostIp: port.host_ip, published: Number(port.published), target: port.target };
    }
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = Number(parts.at(-1));
    const published = parts.length > 1 ? Number(parts.at(-2)) : undefined;
    const hostIp = parts.length > 2 ? parts.slice(0, -2).join(':') : undefined;
    return { hostIp, published, target };
  });
}

/** What a built service runs: its compose command, or else the image's (exec-form) CMD. */
function startCommand(name: string): string {
  const cmd = dockerfile
    .match(/^CMD (\[.*\])$/gm)
    ?.at(-1)
    ?.slice('CMD '.length);
  return commandText(name) || (JSON.parse(cmd ?? '[]') as string[]).join(' ');
}

/** The namespace setup the admin-tools job runs (deploy/temporal/setup-namespace.sh). */
const adminScript = readRepoFile(mountedScriptOf('temporal-admin-tools'));

const APP_ROLES = ['receiver', 'worker'] as const;

describe('docker-compose.yml', () => {
  it('defines Temporal on PostgreSQL, its setup jobs and UI, and both app roles', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        'postgresql',
        'temporal-schema',
        'temporal',
        'temporal-admin-tools',
        'temporal-ui',
        'receiver',
        'worker',
      ]),
    );
    expect(service('temporal-schema').depends_on).toMatchObject({
      postgresql: { condition: 'service_healthy' },
    });
    expect(service('temporal').depends_on).toMatchObject({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
  });

  it('pins every image to a version', () => {
    for (const [name, { image }] of Object.entries(services)) {
      if (image === undefined) continue;
      expect(image, name).toMatch(/:[^:/]+$/);
      expect(image, name).not.toMatch(/:latest$/);
    }
  });

  it('gives the receiver and the worker only settings that src/config.ts reads', () => {
    const known = configVariableNames();
    // Guards the text extraction itself: the first and last keys of the schema are found.
    expect(known).toEqual(
      expect.arrayContaining(['PORT', 'PODIUM_WEBHOOK_SECRET', 'TURN_HOLDER_CHECK_INTERVAL']),
    );
    for (const role of APP_ROLES) {
      const unknown = Object.keys(environmentOf(role)).filter((key) => !known.includes(key));
      expect(unknown, `${role} sets variables the app never reads`).toEqual([]);
    }
  });

  it('requires PODIUM_WEBHOOK_SECRET from the host for both roles instead of defaulting it', () => {
    for (const role of APP_ROLES) {
      expect(environmentOf(role).PODIUM_WEBHOOK_SECRET, role).toMatch(
        /^\$\{PODIUM_WEBHOOK_SECRET:\?.+\}$/,
      );
      expect(() => resolveEnvironment(role, {}), role).toThrow(/PODIUM_WEBHOOK_SECRET/);
    }
  });

  it('yields a valid configuration for each role when only the secret is set', () => {
    for (const role of APP_ROLES) {
      const config = loadConfig(resolveEnvironment(role, { PODIUM_WEBHOOK_SECRET: 's3cret' }));
      expect(config.temporal.address, role).toBe('temporal:7233');
      expect(config.podium.secrets, role).toEqual(['s3cret']);
    }
  });

  it('gives the receiver the same handler and ordering settings as the worker (receivers plan events)', () => {
    const host = {
      PODIUM_WEBHOOK_SECRET: 's3cret',
      HANDLER_MAX_ATTEMPTS: '9',
      FORWARD_URL: 'https://crm.example.com/in',
      FORWARD_SECRET: `whsec_${Buffer.from('k'.repeat(24)).toString('base64')}`,
      ORDERING_HOLD_TIMEOUT: '2m',
      ENTITY_HANDOFF_FALLBACK: '3m',
    };
    const [receiver, worker] = (['receiver', 'worker'] as const).map((role) =>
      loadConfig(resolveEnvironment(role, host)),
    );
    expect(receiver!.handlers).toEqual(worker!.handlers);
    expect(receiver!.forwarding).toEqual(worker!.forwarding);
    expect(receiver!.ordering).toEqual(worker!.ordering);
    expect(receiver!.handlers.retry.maximumAttempts).toBe(9);
  });

  it('passes the optional worker settings through from the host', () => {
    const config = loadConfig(
      resolveEnvironment('worker', {
        PODIUM_WEBHOOK_SECRET: 's3cret',
        LOG_LEVEL: 'debug',
        HANDLER_MAX_ATTEMPTS: '9',
        FORWARD_URL: 'https://example.com/hook',
        FORWARD_SECRET: 'whsec_c2VjcmV0',
      }),
    );
    expect(config.logLevel).toBe('debug');
    expect(config.handlers.retry.maximumAttempts).toBe(9);
    expect(config.forwarding?.url).toBe('https://example.com/hook');
  });

  it("points both roles at the temporal service's gRPC port, on one namespace and task queue", () => {
    expect(portsOf('temporal').map((port) => port.target)).toContain(7233);
    const [receiver, worker] = APP_ROLES.map((role) => environmentOf(role));
    for (const environment of [receiver, worker]) {
      const [host, port] = (environment?.TEMPORAL_ADDRESS ?? '').split(':');
      expect(host).toBe('temporal');
      expect(port).toBe('7233');
    }
    expect(receiver?.TEMPORAL_NAMESPACE).toBe(worker?.TEMPORAL_NAMESPACE);
    expect(receiver?.TEMPORAL_TASK_QUEUE).toBe(worker?.TEMPORAL_TASK_QUEUE);
    expect(receiver?.TEMPORAL_TASK_QUEUE).toBeTruthy();
  });

  it('publishes the receiver on the container port it listens on', () => {
    const port = Number(environmentOf('receiver').PORT);
    expect(port).toBeGreaterThan(0);
    const published = portsOf('receiver').filter(({ target }) => target === port);
    expect(published).toHaveLength(1);
    expect(published[0]?.published).toBeGreaterThan(0);
  });

  it('serves the Temporal UI on port 8080, pointed at temporal:7233', () => {
    expect(portsOf('temporal-ui')).toContainEqual(
      expect.objectContaining({ published: 8080, target: 8080 }),
    );
    expect(environmentOf('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('registers exactly the search attributes the workflows set, as Keyword', () => {
    const registered = [
      ...adminScript.matchAll(/search-attribute create\b[^\n]*?--name (\S+) --type (\S+)/g),
    ].map(([, name, type]) => ({ name, type }));
    const names = ['PodiumEventType', 'PodiumEventStatus', 'PodiumOrderingKey', 'PodiumEventLate'];
    for (const name of names) expect(adminScript).toContain(name);
    expect(registered.map(({ name }) => name).sort()).toEqual([...names].sort());
    expect(registered.map(({ name }) => name).sort()).toEqual(
      SEARCH_ATTRIBUTE_KEYS.map((key) => key.name).sort(),
    );
    for (const { type } of registered) expect(type).toBe('Keyword');
    expect(environmentOf('temporal-admin-tools').TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('sets namespace retention to at least the ~10 days Podium keeps redelivering', () => {
    for (const verb of ['create', 'update']) {
      const match = new RegExp(`namespace ${verb}\\b[^\\n]*?--retention (\\d+)(d|h)\\b`).exec(
        adminScript,
      );
      expect(match, `no \`temporal operator namespace ${verb} --retention\``).not.toBeNull();
      const days = Number(match?.[1]) / (match?.[2] === 'h' ? 24 : 1);
      expect(days).toBeGreaterThanOrEqual(MIN_RETENTION_DAYS);
    }
    // The namespace both roles use.
    expect(adminScript).toContain('namespace=${TEMPORAL_NAMESPACE:-default}');
    expect(environmentOf('temporal-admin-tools').TEMPORAL_NAMESPACE ?? 'default').toBe(
      environmentOf('worker').TEMPORAL_NAMESPACE,
    );
  });

  it('tolerates already-registered search attributes, so the setup job can rerun', () => {
    expect(adminScript).toContain('already exists');
    expect(adminScript).toMatch(/sleep \d+/);
  });

  it('starts the receiver and the worker only after the setup job succeeded', () => {
    for (const role of APP_ROLES) {
      expect(service(role).depends_on, role).toMatchObject({
        'temporal-admin-tools': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('runs each role from the entry file its package.json script starts', () => {
    // The worker runs its TypeScript through tsx; the receiver runs the bundle the image builds.
    const entries = { receiver: 'dist/receiver-main.js', worker: 'src/worker-main.ts' };
    for (const role of APP_ROLES) {
      const entry = entries[role];
      expect(service(role).build, role).toBeDefined();
      expect(startCommand(role), role).toContain(entry);
      expect(packageJson.scripts[`start:${role}`], role).toContain(entry);
    }
    expect(existsSync(repoFile('src/worker-main.ts'))).toBe(true);
    expect(packageJson.scripts['build:receiver']).toContain('src/receiver-main.ts');
    expect(packageJson.scripts['build:receiver']).toContain('--outdir=dist');
  });

  it('lets the worker scale out', () => {
    expect(service('worker').deploy?.replicas).toBeGreaterThan(1);
    expect(service('worker').container_name).toBeUndefined();
    expect(service('worker').ports ?? []).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const last = (keyword: string) =>
    instructions.filter((line) => line.startsWith(`${keyword} `)).at(-1);

  it('builds from a Node 20 image', () => {
    expect(last('FROM')).toMatch(/^FROM node:20[-.]/);
  });

  it('does not run as root', () => {
    const user = last('USER')?.split(/\s+/)[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('ships the code every entry file imports and installs no dev dependencies', () => {
    for (const dir of ['src/', 'workflows/', 'activities/']) {
      expect(
        instructions.some((line) => line.startsWith('COPY ') && line.includes(dir)),
        dir,
      ).toBe(true);
    }
    expect(instructions).toContainEqual(expect.stringMatching(/^RUN npm ci --omit=dev\b/));
    const build = instructions.findIndex((line) => line.startsWith('RUN npm run build:receiver'));
    expect(build).toBeGreaterThan(instructions.findIndex((line) => line.includes('COPY src/')));
    expect(build).toBeLessThan(instructions.findIndex((line) => line.startsWith('USER ')));
  });

  it('caps glibc malloc arenas as the start scripts and the benchmark do', () => {
    // The receiver's peak memory under load depends on it (README, Performance).
    expect(instructions).toContain('ENV MALLOC_ARENA_MAX=2');
    for (const script of ['start', 'start:receiver', 'start:worker']) {
      expect(packageJson.scripts[script], script).toMatch(
        /^MALLOC_ARENA_MAX=\$\{MALLOC_ARENA_MAX:-2\} /,
      );
    }
    expect(readRepoFile('bench/run.ts')).toContain("MALLOC_ARENA_MAX: '2'");
  });

  it('runs the receiver with the same heap limit wherever it is started', () => {
    // V8 grows a heap with a high limit by a factor of 4 between collections; the limit keeps
    // the receiver's resident memory small (README, Performance).
    const flag = '--max-old-space-size=1024';
    expect(last('CMD')).toBe(`CMD ["node", "${flag}", "dist/receiver-main.js"]`);
    expect(startCommand('receiver')).toBe(`node ${flag} dist/receiver-main.js`);
    expect(packageJson.scripts['start:receiver']).toContain(`node ${flag} dist/receiver-main.js`);
    expect(readRepoFile('bench/run.ts')).toContain(`RECEIVER_NODE_ARGS = ['${flag}']`);
  });

  it('starts the receiver by default and checks /healthz', () => {
    expect(last('CMD')).toContain('dist/receiver-main.js');
    expect(last('HEALTHCHECK')).toContain('/healthz');
  });
});
