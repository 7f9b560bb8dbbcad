import { esc, readableOnWhite, textOn } from './html';

export interface PageBrand {
  /** The brand's name, else the Xero organisation's. */
  name: string;
  /** #RRGGBB. */
  colour: string;
  /** An https URL (validated by the delivery settings schema). */
  logoUrl?: string | undefined;
}

/**
 * Every portal page's frame: language, viewport, a skip link, banner/main/footer landmarks, the
 * brand, and a small stylesheet allowed by the page's nonce (no other style, script or resource
 * loads; the logo is the one https image). Focus is always visible; colours reach WCAG AA contrast.
 */
export function layout(input: { title: string; brand: PageBrand; nonce: string; body: string }): string {
  const { brand } = input;
  const accent = brand.colour;
  const link = readableOnWhite(accent);
  const css = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1A1A1A;background:#FFFFFF}
a{color:${link}}
:focus-visible{outline:3px solid #1A1A1A;outline-offset:2px;box-shadow:0 0 0 6px #FFFFFF}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px;top:0;background:#FFFFFF;color:#1A1A1A;padding:8px 12px;z-index:2}
.skip:focus{left:8px;top:8px}
header{background:${accent};color:${textOn(accent)};padding:12px 16px;display:flex;align-items:center;gap:12px}
header img{max-height:40px;max-width:160px;background:#FFFFFF;padding:2px}
header p{margin:0;font-weight:700;font-size:1.15rem}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:8px 0 16px}
h2{font-size:1.2rem;margin:24px 0 8px}
.summary{display:flex;flex-wrap:wrap;gap:12px;padding:0;list-style:none}
.summary li{border:1px solid #767676;border-radius:6px;padding:8px 12px;min-width:160px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;min-width:560px}
caption{text-align:left;font-weight:700;padding:4px 0}
th,td{text-align:left;padding:8px;border-bottom:1px solid #767676;vertical-align:middle}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.overdue{color:#A4161A;font-weight:700}
.pay{margin:0}
button,.button{font:inherit;background:${accent};color:${textOn(accent)};border:2px solid #1A1A1A;border-radius:6px;padding:6px 14px;min-height:44px;min-width:44px;cursor:pointer;text-decoration:none;display:inline-block}
footer{max-width:960px;margin:24px auto;padding:0 16px;color:#4A4A4A;font-size:.9rem}
/* Phones: the invoice date, total and payment reference give way (the statement PDF has them all). */
@media (max-width:600px){main{padding:12px}h1{font-size:1.3rem}.wide{display:none}table{min-width:0}th,td{padding:8px 4px}}
`;
  const logo = brand.logoUrl ? `<img src="${esc(brand.logoUrl)}" alt="${esc(brand.name)} logo">` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(input.title)} · ${esc(brand.name)}</title>
<style nonce="${esc(input.nonce)}">${css}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header>${logo}<p>${esc(brand.name)}</p></header>
<main id="main" tabindex="-1">
${input.body}
</main>
<footer><p>This page is private to you: do not share its address.</p></footer>
</body>
</html>`;
}

/**
 * The headers every portal page is sent with: only its own nonce'd style loads, and the one image
 * allowed is from the brand logo's https origin.
 */
export function pageHeaders(nonce: string, logoUrl?: string): Record<string, string> {
  const images = logoUrl ? `img-src ${new URL(logoUrl).origin}; ` : '';
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; ${images}base-uri 'none'; frame-ancestors 'none'`,
    ...privateHeaders(),
  };
}

/** Never cached or indexed, no Referer carrying the token to another site. */
export function privateHeaders(): Record<string, string> {
  return {
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-robots-tag': 'noindex, nofollow',
  };
}
