/** Small DOM helpers: build elements without innerHTML (text is always set as text). */

type Attrs = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children);
  return el;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: (Node | string)[]): void {
  el.replaceChildren(...children);
}

/**
 * A button: `text` is what it shows (and its accessible name), `title` the tooltip; `ariaLabel` names
 * buttons whose text is a symbol or too short to say what they do (it should contain the text).
 */
export function button(text: string, title: string, onClick: () => void, cls = 'btn', ariaLabel?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls, title, 'aria-label': ariaLabel }, text);
  b.addEventListener('click', onClick);
  return b;
}
