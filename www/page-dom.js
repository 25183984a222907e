// Small DOM helpers the page's views share. Text from the mined file is set with textContent,
// never as HTML.

/** A `<tag class="className">text</tag>` (no class or text when they are empty). */
export function h(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** A link to a column's card (`#col-N`): the page reveals (renders if needed), scrolls to and
 * focuses the card on a click (links carry `data-column-index`). */
export function columnLink(columnIndex, text, className) {
  const a = h('a', className, text);
  a.href = `#col-${columnIndex}`;
  a.dataset.columnIndex = String(columnIndex);
  return a;
}
