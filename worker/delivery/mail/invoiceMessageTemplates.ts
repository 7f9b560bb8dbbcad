import { textColourOn } from './brandColours';
import type { MessageWording } from './invoiceMessageWording';

/** Every interpolated value goes through this: text and attribute values alike. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface HtmlLayout {
  wording: MessageWording;
  brand: { name: string; colour: string; logoUrl?: string | undefined };
  portalUrl: string;
  payOnlineUrl?: string | undefined;
}

const TEXT = '#1F2328';
const MUTED = '#57606A';
const FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;";

/**
 * The e-mail's HTML part: tables and inline styles (what mail clients render), one column that
 * fits a phone, no remote resources but the installation's https logo. Text on the brand colour is
 * white or black by contrast; body text is dark grey on white (AA and better).
 */
export function renderInvoiceMessageHtml(layout: HtmlLayout): string {
  const { wording: w, brand } = layout;
  const e = escapeHtml;
  const onBrand = e(textColourOn(brand.colour));
  const colour = e(brand.colour);
  const header = brand.logoUrl
    ? `<img src="${e(brand.logoUrl)}" alt="${e(brand.name)}" height="40" style="display:block;height:40px;max-width:240px;border:0;">`
    : `<span style="${FONT}font-size:20px;font-weight:bold;color:${onBrand};">${e(brand.name)}</span>`;
  const facts = w.facts
    .map(
      (fact) =>
        `<tr><th scope="row" style="${FONT}text-align:left;font-weight:normal;color:${MUTED};padding:6px 16px 6px 0;">${e(fact.label)}</th>` +
        `<td style="${FONT}text-align:right;font-weight:bold;color:${TEXT};padding:6px 0;">${e(fact.value)}</td></tr>`,
    )
    .join('');
  const payOnline = layout.payOnlineUrl
    ? `<p style="${FONT}font-size:15px;line-height:1.5;color:${TEXT};margin:0 0 16px;"><a href="${e(layout.payOnlineUrl)}" style="color:${TEXT};text-decoration:underline;">${e(w.payOnline)}</a></p>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${e(w.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#F6F8FA;">
<div role="article" aria-roledescription="email" aria-label="${e(w.subject)}" lang="en">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#F6F8FA;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#FFFFFF;border-radius:6px;">
<tr><td style="background:${colour};padding:20px 24px;border-radius:6px 6px 0 0;">${header}</td></tr>
<tr><td style="padding:24px;">
<h1 style="${FONT}font-size:22px;line-height:1.3;color:${TEXT};margin:0 0 16px;">${e(w.heading)}</h1>
<p style="${FONT}font-size:15px;line-height:1.5;color:${TEXT};margin:0 0 12px;">${e(w.greeting)}</p>
<p style="${FONT}font-size:15px;line-height:1.5;color:${TEXT};margin:0 0 20px;">${e(w.intro)}</p>
<table cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;margin:0 0 24px;font-size:15px;">
<caption style="${FONT}text-align:left;font-weight:bold;color:${TEXT};padding:0 0 6px;">Invoice summary</caption>
${facts}
</table>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;"><tr>
<td style="background:${colour};border-radius:6px;">
<a href="${e(layout.portalUrl)}" style="${FONT}display:inline-block;padding:12px 28px;font-size:16px;font-weight:bold;color:${onBrand};text-decoration:none;border-radius:6px;">${e(w.viewAndPay)}</a>
</td></tr></table>
${payOnline}
<p style="${FONT}font-size:13px;line-height:1.5;color:${MUTED};margin:0 0 20px;">${e(w.linkNote)}</p>
<p style="${FONT}font-size:15px;line-height:1.5;color:${TEXT};margin:0 0 4px;">${e(w.closing)}</p>
<p style="${FONT}font-size:15px;line-height:1.5;color:${TEXT};margin:0;">${e(w.signature)}</p>
</td></tr>
<tr><td style="${FONT}padding:16px 24px;font-size:12px;line-height:1.5;color:${MUTED};border-top:1px solid #D0D7DE;">${e(w.footer)}</td></tr>
</table>
</td></tr>
</table>
</div>
</body>
</html>
`;
}

/** The text part: the same words, and the links written out. */
export function renderInvoiceMessageText(layout: HtmlLayout): string {
  const { wording: w } = layout;
  const lines = [
    w.heading,
    '',
    w.greeting,
    '',
    w.intro,
    '',
    ...w.facts.map((fact) => `${fact.label}: ${fact.value}`),
    '',
    `${w.viewAndPay}: ${layout.portalUrl}`,
    ...(layout.payOnlineUrl ? [`${w.payOnline}: ${layout.payOnlineUrl}`] : []),
    '',
    w.linkNote,
    '',
    w.closing,
    w.signature,
    '',
    '--',
    w.footer,
  ];
  return `${lines.join('\n')}\n`;
}
