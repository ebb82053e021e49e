/**
 * Ids from a delivery become parts of workflow ids and search-attribute values, which Temporal
 * bounds (1,000 characters for an id, 2 KiB for a keyword). An id that is printable ASCII and
 * at most 200 characters is used as it is; any other is replaced by its SHA-256, which is as
 * stable: the same id always maps to the same value.
 */
import { createHash } from 'node:crypto';

const USABLE = /^[\x21-\x7e]{1,200}$/;

/** Printable ASCII, 1–200 characters: safe in a workflow id and a search attribute. */
export function isUsableName(value: string): boolean {
  return USABLE.test(value);
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The id itself when usable, else `sha256-<hex of the id>`. */
export function usableId(id: string): string {
  return isUsableName(id) ? id : `sha256-${sha256Hex(id)}`;
}
