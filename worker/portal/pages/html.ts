/** Text and attribute values escaped for HTML: nothing a customer's or a vendor's data holds runs. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Relative luminance of #RRGGBB (WCAG 2.1). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on the colour (one of them always reaches 4.5:1). */
export function textOn(background: string): string {
  return contrastRatio(background, '#FFFFFF') >= contrastRatio(background, '#000000') ? '#FFFFFF' : '#000000';
}

/**
 * The brand colour as text or link colour on white: the colour itself when it reaches 4.5:1 (WCAG
 * AA for normal text), else darkened until it does.
 */
export function readableOnWhite(colour: string): string {
  let [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
  const hex = () => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
  while (contrastRatio(hex(), '#FFFFFF') < 4.5)
    [r, g, b] = [r, g, b].map((c) => Math.floor(c * 0.85)) as [number, number, number];
  return hex();
}
