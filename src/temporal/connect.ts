/** Connections to Temporal, for clients (receiver, CLI, activities) and for workers. */
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import type { ClusterSettings } from '../config';

export function connectionOptions(settings: ClusterSettings, address: string): ConnectionOptions {
  const clientCert =
    settings.tlsCertPath && settings.tlsKeyPath
      ? { crt: readFileSync(settings.tlsCertPath), key: readFileSync(settings.tlsKeyPath) }
      : undefined;
  return {
    address,
    tls: settings.tls ? (clientCert ? { clientCertPair: clientCert } : true) : false,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

export async function connectClient(settings: ClusterSettings, address: string): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(settings, address));
  return new Client({ connection, namespace: settings.namespace });
}
