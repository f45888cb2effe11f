import type { HighlightPart, LotSearchHighlight } from '../application/search-lots/lot-search.port';

/**
 * OpenSearch marks matches with tags of our choosing; private-use characters never meant to be in a
 * title, so the answer is split into parts as data, and no markup ever reaches a page.
 */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';
const MARKERS = /[\uE000\uE001]/;

/** The highlight request: the whole title; one snippet of the description, its start when it did not match. */
export const HIGHLIGHT_REQUEST = {
  pre_tags: [MATCH_START],
  post_tags: [MATCH_END],
  fields: {
    title: { number_of_fragments: 0 },
    description: { fragment_size: 160, number_of_fragments: 1, no_match_size: 160 },
  },
} as const;

/** One marked fragment as parts; undefined when it cannot be read (unbalanced or nested marks). */
export function highlightParts(fragment: string): HighlightPart[] | undefined {
  const parts: HighlightPart[] = [];
  let match = false;
  let text = '';
  for (const ch of fragment) {
    if (ch !== MATCH_START && ch !== MATCH_END) {
      text += ch;
      continue;
    }
    if ((ch === MATCH_START) === match) return undefined;
    if (text) parts.push({ text, match });
    text = '';
    match = ch === MATCH_START;
  }
  if (match) return undefined;
  if (text) parts.push({ text, match: false });
  return parts;
}

/**
 * A hit's highlight from OpenSearch's `highlight` (field → fragments). A field whose own text holds a
 * marker character is left out: its marks could not be told from the text.
 */
export function hitHighlight(
  raw: Record<string, string[]> | undefined,
  source: { title: string; description: string },
): LotSearchHighlight | undefined {
  if (!raw) return undefined;
  const highlight: LotSearchHighlight = {};
  for (const field of ['title', 'description'] as const) {
    const fragment = raw[field]?.[0];
    if (fragment === undefined || MARKERS.test(source[field])) continue;
    const parts = highlightParts(fragment);
    if (parts) highlight[field] = parts;
  }
  return highlight.title || highlight.description ? highlight : undefined;
}
