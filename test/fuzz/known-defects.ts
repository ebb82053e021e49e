/**
 * issue 12 defects that the fuzz run finds on main today, each fixed on its own branch. A case
 * tied to a defect listed here counts as known (printed, not failed). When a fix is merged the
 * lead deletes its entry, and its cases count as failures again; a listed defect that no longer
 * reproduces is printed as such.
 */
export const KNOWN_DEFECTS: Record<number, string> = {};
