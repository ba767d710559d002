/**
 * Below 1600 px the side panel lies over the right of the page (style.css): what it covers is made
 * `inert`, so Tab never lands on, and a screen reader never reads, something hidden under it. What
 * it leaves in view (the select boxes and names on the left) stays in reach.
 */
const OVERLAY = '(max-width: 1599px)';
const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

export interface CoveredContent {
  /** Marks what the open panel covers now (again after a resize); nothing when the panel sits beside. */
  update: () => void;
  /** Gives everything back (the panel closed). */
  release: () => void;
}

export function coveredBy(panel: HTMLElement, scope: HTMLElement): CoveredContent {
  const marked: HTMLElement[] = [];
  const release = () => {
    for (const el of marked.splice(0)) el.inert = false;
  };
  const mark = (el: HTMLElement) => {
    el.inert = true;
    marked.push(el);
  };
  const visit = (el: HTMLElement, panelLeft: number) => {
    for (const child of el.children) {
      if (!(child instanceof HTMLElement) || child === panel) continue;
      if (child.contains(panel)) {
        visit(child, panelLeft);
        continue;
      }
      const box = child.getBoundingClientRect();
      if (!box.width) continue;
      if (box.left >= panelLeft) mark(child);
      // Partly covered: a control goes by where its middle lies; a container is looked into, but not
      // a table's rows (rebuilt as they stream; their row and select box sit on the left, in view).
      else if (child.matches(FOCUSABLE)) {
        if (box.left + box.width / 2 >= panelLeft) mark(child);
      } else if (box.right > panelLeft && child.tagName !== 'TBODY') visit(child, panelLeft);
    }
  };
  const update = () => {
    release();
    if (panel.hidden || !matchMedia(OVERLAY).matches) return;
    visit(scope, panel.getBoundingClientRect().left);
  };
  return { update, release };
}
