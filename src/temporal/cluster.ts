/**
 * Where Temporal is: an existing cluster when TEMPORAL_ADDRESS is set, otherwise the embedded
 * dev server, started here. Either way the namespace is checked before anything is accepted.
 */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/shared';
import type { Config } from '../config';
import { connectClient } from './connect';
import { startDevServer, type DevServer } from './dev-server';
import { findTemporalCli } from './find-temporal-cli';
import { ensureSearchAttributes, warnIfRetentionShort } from './namespace';

export interface TemporalCluster {
  address: string;
  client: Client;
  /** The embedded server, when this process started one. */
  devServer: DevServer | undefined;
  close(): Promise<void>;
}

export async function openTemporal(
  config: Config,
  logger: Logger,
  options: { embedded: boolean; pathVariable?: string },
): Promise<TemporalCluster> {
  const settings = config.temporal;
  let devServer: DevServer | undefined;
  let address = settings.address;
  if (!address && options.embedded) {
    const cliPath = findTemporalCli({
      TEMPORAL_CLI_PATH: settings.dev.cliPath,
      PATH: options.pathVariable,
    });
    if (!cliPath) {
      throw new Error(
        'No Temporal CLI found: run `npm start` (it installs one), set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS',
      );
    }
    devServer = await startDevServer({
      cliPath,
      dataDir: settings.dev.dataDir,
      port: settings.dev.port,
      uiPort: settings.dev.uiPort,
      sqliteSynchronous: settings.dev.sqliteSynchronous,
      namespace: settings.namespace,
      onOutput: (line) => logger.debug({ temporal: line }, 'temporal dev server'),
    });
    address = devServer.address;
    logger.info(
      { address, webUi: devServer.uiUrl, dataDir: settings.dev.dataDir },
      'embedded Temporal dev server started',
    );
  }
  address ??= 'localhost:7233';
  const client = await connectClient(settings, address);
  try {
    await ensureSearchAttributes(client.connection, settings.namespace);
  } catch (error) {
    // Temporal Cloud manages search attributes through its own API, not the operator service.
    logger.warn(
      { err: error },
      `could not register search attributes; register ${SEARCH_ATTRIBUTE_KEYS.map((key) => key.name).join(', ')} (Keyword) yourself`,
    );
  }
  if (!devServer) await warnIfRetentionShort(client.connection, settings.namespace, logger);
  return {
    address,
    client,
    devServer,
    async close() {
      await client.connection.close();
      await devServer?.stop();
    },
  };
}
