/**
 * issue 12 defects that the fuzz run finds on main today, each fixed on its own branch. A case
 * tied to a defect listed here counts as known (printed, not failed). When a fix is merged the
 * lead deletes its entry, and its cases count as failures again; a listed defect that no longer
 * reproduces is printed as such.
 */
export const KNOWN_DEFECTS: Record<number, string> = {
  // issue 12 defect 1: enabled when a deeply nested signed batch gets 200: delete this line.
  1: 'a signed batch nested ~4,100 levels deep is answered 503',
  // issue 12 defect 4: enabled when the server sets headersTimeout/requestTimeout: delete this line.
  4: 'slow and idle clients keep their socket past the limit (Node: 60 s headers, 300 s request)',
  // issue 12 defect 6: enabled when content encodings are refused: delete this line.
  6: 'a gzip or deflate body signed before compression is inflated and accepted',
};
