import { RenderedNodeType } from '@hubspot/ui-extensions/testing';

interface TextBearing {
  nodeType: RenderedNodeType;
  text: string | null;
  childNodes?: readonly TextBearing[];
}

/** All the text a user reads inside a rendered node, its children's included, in order. */
export function textOf(node: TextBearing | null): string {
  if (!node) return '';
  if (node.nodeType === RenderedNodeType.Text) return node.text ?? '';
  return (node.childNodes ?? []).map((child) => textOf(child)).join('');
}
