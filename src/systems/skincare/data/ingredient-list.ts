/**
 * Splits a free-text ingredient list (Sephora's `Ingredients` column, a partner's CSV field) into
 * ingredient tokens, dropping what is not an ingredient: placeholders ("Visit the X boutique",
 * "No Info", Excel's "#NAME?"), footnotes ("*Organic."), the retailer's "Please be aware that
 * ingredient lists may change…" disclaimer, "Division: El (Estee Lauder)" headers and prose.
 */

/** Why a text holds no ingredient list at all (see {@link classifyIngredientText}). */
export type NoListReason =
  'placeholder_boutique' | 'placeholder_no_info' | 'excel_error' | 'empty' | 'highlights_only';

/**
 * A placeholder or marketing text instead of a list, or null when the text reads as a list.
 * "Highlights only" is Sephora's "-Aloe Vera: Calms and conditions skin. -…" format: a few key
 * ingredients with claims, not the full list.
 * @example
 * classifyIngredientText('Visit the Dior boutique'); // 'placeholder_boutique'
 */
export function classifyIngredientText(text: string): NoListReason | null {
  const t = text.trim();
  if (t === '') return 'empty';
  if (/^visit the .+ boutique\.?$/i.test(t)) return 'placeholder_boutique';
  if (/^no info\.?$/i.test(t)) return 'placeholder_no_info';
  if (/^#(?:NAME|VALUE|REF|N\/A)[?!]?$/i.test(t)) return 'excel_error';
  if (/^[-•]\s*[^,:]{2,60}:\s/.test(t)) return 'highlights_only';
  return null;
}

const DISCLAIMER = /please be aware that ingredient lists? may change[\s\S]*$/i;
const DIVISION_HEADER = /[^,]*?\bDivision:\s*\w+\s*\([^)]*\)\s*/gi;
const LABEL = /(?:\b(?:active|inactive|other)\s+)?\bingredients?\s*:/gi;
/** Words of prose that INCI names never contain. */
const PROSE = /\b(?:the|to|is|are|that|this|your|you|with|for|we|our|not|does|helps?|free)\b/i;

/**
 * Ingredient tokens of a free-text list, in label order. Commas split, except inside (), [] or {}
 * and in '1,2-Hexanediol' ('1, 2-Hexanediol' too); ' (and) ' splits; "[+/- Mica, CI 77891]" and
 * "May contain: …" groups give their members. Empty for a placeholder text.
 * @example
 * const tokens = splitIngredientList('Water, Persea Gratissima (Avocado, Cold Pressed) Oil, Parfum*. *Organic.');
 * tokens; // ['Water', 'Persea Gratissima (Avocado, Cold Pressed) Oil', 'Parfum*']
 */
export function splitIngredientList(text: string): string[] {
  const reason = classifyIngredientText(text);
  if (reason !== null && reason !== 'highlights_only') return [];
  const cleaned = text
    .replace(DISCLAIMER, '')
    .replace(DIVISION_HEADER, ', ')
    .replace(LABEL, ', ')
    // A star after a space that starts words is a footnote: 'Phenoxyethanol * Essential Oil'.
    .replace(/\s\*+\s*(?=[A-Za-z])/g, ', *');
  const tokens: string[] = [];
  for (const segment of splitTopLevel(cleaned)) tokens.push(...expandSegment(segment));
  return tokens;
}

function expandSegment(segment: string): string[] {
  const s = segment.trim();
  if (s === '') return [];
  // '[+/- Mica, Titanium Dioxide (CI 77891)]', '(+/-): …', 'May Contain: …'
  const group =
    /^[[(]\s*(?:\+\s*\/\s*-|may contain)(?:\s*\(\s*\+\s*\/\s*-\s*\))?\s*:?\s*([\s\S]*?)[\])]?$/i.exec(s);
  if (group && /[,]/.test(group[1])) return splitTopLevel(group[1]).flatMap(expandSegment);
  const out: string[] = [];
  // Sentences after the last ingredient: 'Citric Acid**. *Organic. **Natural.'
  for (const sentence of s.split(/\.\s+(?=[*[(]|(?:[A-Z][a-z]+\s){2})/)) {
    for (const part of sentence.split(/\s+\(and\)\s+|\s+&\s+(?=[A-Z])/i)) {
      const p = part
        .trim()
        .replace(/^[-•·]\s*/, '')
        .replace(/\.+$/, '');
      if (p === '' || p.startsWith('*')) continue; // footnote text ('*Organic', '** Essential Oil')
      if (p.split(/\s+/).length >= 4 && PROSE.test(p)) continue; // marketing prose
      out.push(p);
    }
  }
  return out;
}

/** Splits on commas outside brackets; a lone number before a comma joins the next token ('1, 2-…'). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      if (/\d$/.test(text.slice(start, i)) && /^\d/.test(text.slice(i + 1))) continue; // '1,2-Hexanediol'
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  const rest = text.slice(start);
  // An unclosed bracket (truncated text) must not swallow the rest of the list.
  if (depth > 0) parts.push(...rest.split(','));
  else parts.push(rest);
  const joined: string[] = [];
  for (const part of parts) {
    const previous = joined.at(-1);
    if (previous !== undefined && /^\s*\d+\s*$/.test(previous))
      joined[joined.length - 1] = `${previous.trim()},${part.trim()}`;
    else joined.push(part);
  }
  return joined.map((p) => p.trim()).filter((p) => p !== '');
}
