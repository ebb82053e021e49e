/**
 * Ids from a delivery become parts of workflow ids and search-attribute values, which Temporal
 * bounds (1,000 characters for an id, 2 KiB for a keyword). An id that is printable ASCII and
 * at most 200 characters is used as it is; any other is replaced by its SHA-256, which is as
 * stable: the same id always maps to the same value.
 *
 * A value written to a search attribute must also be findable by an equality query, and
 * Temporal's visibility stores disagree on quotes and backslashes inside a query's string
 * literal: on the dev server `PodiumEventType = 'a"b'` finds nothing, `\` is no escape there
 * and `\'` is (issue 12, finding 3). On PostgreSQL visibility a `?` inside a query's string
 * literal is taken for a bind parameter, and the query fails ("could not determine data type
 * of parameter $2", found on the tested cluster). So searchable names hold none of `"`, `'`,
 * `\` and `?`.
 */
import { createHash } from 'node:crypto';

const USABLE = /^[\x21-\x7e]{1,200}$/;
const SEARCHABLE = /^[\x21\x23-\x26\x28-\x3e\x40-\x5b\x5d-\x7e]{1,200}$/;

/** What an event type must be, for the operator reading why an event is malformed. */
export const SEARCHABLE_NAME_RULE =
  'printable ASCII without quotes, backslashes or question marks, at most 200 characters';

/** Printable ASCII, 1–200 characters: safe in a workflow id. */
export function isUsableName(value: string): boolean {
  return USABLE.test(value);
}

/** Usable, and without `"`, `'`, `\` or `?`: safe in a search attribute and in a query for it. */
export function isSearchableName(value: string): boolean {
  return SEARCHABLE.test(value);
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The id itself when usable, else `sha256-<hex of the id>` (event ids). */
export function usableId(id: string): string {
  return isUsableName(id) ? id : `sha256-${sha256Hex(id)}`;
}

/** The id itself when searchable, else `sha256-<hex of the id>` (entity ids). */
export function searchableId(id: string): string {
  return isSearchableName(id) ? id : `sha256-${sha256Hex(id)}`;
}
