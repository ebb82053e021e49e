/**
 * What the namespace must provide: the search attributes operators find events by, and a
 * retention long enough to be the deduplication window (Podium keeps undelivered events queued
 * for about 10 days; a redelivery after retention would start a second workflow).
 */
import type { ConnectionLike } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import type { Logger } from 'pino';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/shared';

const DAY_SECONDS = 86_400;
export const MIN_RETENTION_DAYS = 10;
export const EMBEDDED_RETENTION_DAYS = 14;

/** Registers the project's search attributes where missing (idempotent). */
export async function ensureSearchAttributes(
  connection: ConnectionLike,
  namespace: string,
): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTE_KEYS.filter(
    (key) => !(key.name in (existing.customAttributes ?? {})),
  );
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [
        key.name,
        proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    ),
  });
}

export async function retentionDays(
  connection: ConnectionLike,
  namespace: string,
): Promise<number> {
  const described = await connection.workflowService.describeNamespace({ namespace });
  const seconds = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  return seconds / DAY_SECONDS;
}

export async function setRetentionDays(
  connection: ConnectionLike,
  namespace: string,
  days: number,
): Promise<void> {
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(days * DAY_SECONDS * 1000) },
  });
}

/** Against an external cluster we do not change retention, but we say loudly when it is short. */
export async function warnIfRetentionShort(
  connection: ConnectionLike,
  namespace: string,
  logger: Logger,
): Promise<void> {
  const days = await retentionDays(connection, namespace);
  if (days < MIN_RETENTION_DAYS) {
    logger.warn(
      { namespace, retentionDays: days, minimumDays: MIN_RETENTION_DAYS },
      `NAMESPACE RETENTION IS ${days} DAYS: Podium can redeliver an event up to ~10 days later, and a redelivery after retention is processed again. Raise it: temporal operator namespace update --retention ${EMBEDDED_RETENTION_DAYS}d ${namespace}`,
    );
  }
}
