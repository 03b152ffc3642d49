/**
 * The form in which a listed name (a room's, a user's, an e-mail address)
 * and a search for it are compared: Unicode NFC, lower-cased by the full
 * Unicode rules, so "åle" finds "Ålesund" and "ØST" finds "Østfold"
 * (SQLite's own lower() and LIKE fold ASCII letters only). Letters are not
 * otherwise merged: in Norwegian å is not a.
 */
export function searchForm(text: string): string {
  return text.normalize('NFC').toLowerCase();
}
