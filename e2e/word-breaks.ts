// Words broken in the middle ("Ascendin|g base", "patte|rn_scans"): every run
// of letters and digits between spaces and the break points an identifier
// offers ("_", ".", "/", "@", ":", "-", and the words of a camelCase name)
// must sit on one line, unless the run alone
// is wider than a narrow column could ever hold (a hash, a long token): those
// may break anywhere. Text in SVG (charts) and in visually hidden labels is
// not laid out as lines and is left out.
import type { Page } from "@playwright/test";

/** A run wider than this may break where it must. */
const UNBREAKABLE_PX = 240;

export async function midWordBreaks(page: Page): Promise<string[]> {
  return page.evaluate((unbreakablePx) => {
    const found: string[] = [];
    const range = document.createRange();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("svg, .visually-hidden, script, style, noscript")) continue;
      const text = (node as Text).data;
      for (const run of text.matchAll(/[^\s_./@:\-\u200b]+?(?=[\s_./@:\-\u200b]|(?<=[a-z])[A-Z]|$)/g)) {
        if (run[0].length < 2) continue;
        range.setStart(node, run.index);
        range.setEnd(node, run.index + run[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
        const lines = new Set(rects.map((r) => Math.round(r.bottom)));
        if (lines.size <= 1) continue;
        if (rects.reduce((sum, r) => sum + r.width, 0) > unbreakablePx) continue;
        const where =
          parent.closest("td, th, button, a, h1, h2, h3, p, li, label")?.tagName.toLowerCase() ??
          parent.tagName.toLowerCase();
        found.push(`"${run[0]}" broken over ${lines.size} lines in a ${where} ("${text.trim().slice(0, 60)}")`);
      }
    }
    return found;
  }, UNBREAKABLE_PX);
}
