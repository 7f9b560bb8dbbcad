import { createElement } from 'lwc';

type ComponentClass = Parameters<typeof createElement>[1]['is'];

/**
 * Creates a component, sets its public properties and attaches it to the document, as the record
 * or app page would. Returns the element with its (open, synthetic) shadow root.
 */
export function mount(
  tag: string,
  component: ComponentClass,
  props: Record<string, unknown> = {},
): HTMLElement & { shadowRoot: ShadowRoot } {
  const element = createElement(tag, { is: component });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element as HTMLElement & { shadowRoot: ShadowRoot };
}

/** Lets pending promises and the re-render they cause settle. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Removes every mounted component (afterEach). */
export function resetDom(): void {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
}

/** The visible text of the first element matching `selector`, whitespace collapsed. */
export function textOf(root: ParentNode, selector: string): string {
  return (root.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
