/**
 * The operator CLI: `podium-webhooks events list|show|retry|discard|rerun|jobs|job`,
 * `podium-webhooks entity`.
 * It talks to the cluster named by TEMPORAL_ADDRESS (default localhost:7233, the embedded
 * server of `npm start`) and needs no webhook secret.
 */
import type { Client } from '@temporalio/client';
import { Command } from 'commander';
import { ConfigError, loadClusterSettings } from '../config';
import { connectClient } from '../temporal/connect';
import { registerEntityCommands } from './entities';
import { registerEventCommands } from './events';
import { UsageError } from './filters';
import { exitQuietlyOnClosedPipe } from './output';
import { registerSimulateCommand } from './simulate';

exitQuietlyOnClosedPipe();

let client: Client | undefined;
async function connect(): Promise<Client> {
  const settings = loadClusterSettings(process.env);
  client ??= await connectClient(settings, settings.address ?? 'localhost:7233');
  return client;
}

const program = new Command('podium-webhooks').description('operate the Podium webhook receiver');
registerEventCommands(program, connect);
registerEntityCommands(program, connect);
registerSimulateCommand(program);

try {
  await program.parseAsync();
} catch (error) {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `error: ${error instanceof Error ? error.message : String(error)}`,
  );
  // Usage errors (a bad status, a missing --yes) exit 2, as commander's own do not: 1 is failure.
  process.exitCode = error instanceof UsageError ? 2 : 1;
} finally {
  await client?.connection.close();
}
