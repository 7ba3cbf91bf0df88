import type { MarkdownRenderer } from 'vitepress';

type Token = ReturnType<MarkdownRenderer['parse']>[number];

/** The text a heading cell shows (its inline children's text and code, without markup). */
function cellText(inline: Token | undefined): string {
  return (inline?.children ?? [])
    .filter((c) => c.type === 'text' || c.type === 'code_inline')
    .map((c) => c.content)
    .join('')
    .trim();
}

/**
 * Tables that stack on a phone: every body cell of a table with three or more columns gets its column's heading as
 * `data-label`; custom.css then shows each row as a card of "heading value" lines on narrow screens, instead of a
 * table that scrolls sideways and hides columns. Two-column tables fit as they are. (VitePress writes `<table>`
 * itself, dropping attributes set on the table token: the CSS finds these tables by their labelled cells.)
 */
export function stackedTables(md: MarkdownRenderer): void {
  md.core.ruler.push('stacked_tables', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]?.type !== 'table_open') continue;
      const headings: string[] = [];
      let j = i + 1;
      for (; j < tokens.length && tokens[j]?.type !== 'tbody_open' && tokens[j]?.type !== 'table_close'; j++) {
        if (tokens[j]?.type === 'th_open') headings.push(cellText(tokens[j + 1]));
      }
      if (headings.length < 3) continue;
      let column = 0;
      for (; j < tokens.length && tokens[j]?.type !== 'table_close'; j++) {
        const token = tokens[j] as Token;
        if (token.type === 'tr_open') column = 0;
        if (token.type !== 'td_open') continue;
        token.attrSet('data-label', headings[column++] ?? '');
        // The value in one element, so that the card lays it out as one piece beside its label (text and `code`
        // as separate flex items would each get a column).
        const inline = tokens[j + 1];
        if (inline?.type === 'inline') {
          const open = new state.Token('html_inline', '', 0);
          open.content = '<span class="cell-value">';
          const close = new state.Token('html_inline', '', 0);
          close.content = '</span>';
          inline.children = [open, ...(inline.children ?? []), close];
        }
      }
    }
  });
}
