// Caps on the work one analysis may do, so a hostile or broken tree costs bounded time and
// memory. Real configurations stay far below every one (Debian's full tree: ~60 files, 300 KB).
// Reaching a cap is reported once, as an `analysis-limit` warning, never silently.

export const LIMITS = {
  /** Bytes (characters) read per configuration tree, all files together. */
  treeBytes: 8 * 1024 * 1024,
  /** Files read per tree (the same file included twice counts twice). */
  treeFiles: 20_000,
  /** Directives and sections recorded per tree; the rest of the tree is not analysed. */
  treeDirectives: 250_000,
  /** Characters of values made by ${NAME} substitution per tree (Defines can double each other). */
  substitutedChars: 32 * 1024 * 1024,
  /** Directives made by mod_macro expansions per tree (macros using macros can double each other). */
  macroUses: 100_000,
  /** Character comparisons made substituting macro parameters per tree. */
  macroWork: 50_000_000,
  /** Section nesting analysed (httpd itself overflows its stack near 10,000 levels). */
  nesting: 4_000,
  /** Findings reported per file and per tree. */
  findingsPerFile: 1_000,
  findingsPerTree: 10_000,
};
