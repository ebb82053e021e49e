/** docker-compose.yml as the unit tests read it, without a Docker engine. */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { parse } from 'yaml';

export const repoFile = (path: string) => new URL(`../../${path}`, import.meta.url);
export const readRepoFile = (path: string) => readFileSync(repoFile(path), 'utf8');

type Environment = Record<string, string | number | boolean | null> | string[];
export type Port =
  string | number | { target: number; published?: string | number; host_ip?: string };

export interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Environment;
  env_file?: string | string[];
  volumes?: string[];
  ports?: Port[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  deploy?: { replicas?: number };
  container_name?: string;
}

const compose = parse(readRepoFile('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
};
export const services = compose.services;

export function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** A service's environment as written: null where the value is passed through from the host. */
export function environmentOf(name: string): Record<string, string | null> {
  const environment = service(name).environment ?? {};
  const entries = Array.isArray(environment)
    ? environment.map((item) => {
        const [key = '', ...value] = item.split('=');
        return [key, value.length > 0 ? value.join('=') : null] as const;
      })
    : Object.entries(environment).map(
        ([key, value]) => [key, value === null ? null : String(value)] as const,
      );
  return Object.fromEntries(entries);
}

export function commandText(name: string): string {
  const { entrypoint, command } = service(name);
  return [entrypoint, command].flat().filter(Boolean).join(' ');
}

/** The repository path a container path is mounted from (`./host:/container[:ro]`), if any. */
export function hostPathOf(name: string, containerPath: string): string | undefined {
  for (const volume of service(name).volumes ?? []) {
    const [host = '', target = ''] = volume.split(':');
    if (!host.startsWith('.')) continue;
    const relative = posix.relative(target, containerPath);
    if (!relative.startsWith('..')) return posix.normalize(posix.join(host, relative));
  }
  return undefined;
}

/** The repository file of the script a one-shot service runs (`sh /mounted/script.sh`). */
export function mountedScriptOf(name: string): string {
  const script = commandText(name).match(/^sh (\S+\.sh)$/)?.[1];
  const path = script ? hostPathOf(name, script) : undefined;
  if (!path) throw new Error(`${name} does not run a script mounted from the repository`);
  return path;
}

/** KEY=VALUE lines of an env file, comments and blank lines skipped. */
export function readEnvFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readRepoFile(path)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
