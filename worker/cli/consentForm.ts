/**
 * A consent page that asks the user to choose (the Xero sandbox's organisation picker), read as a
 * browser would show it: the form's target, its hidden fields, the boxes to tick with their labels,
 * and the button that allows. Only pages of this shape are filled in headlessly; a live vendor's
 * consent is left to a person.
 */
export interface ConsentOption {
  /** What the form posts for this choice (an organisation's ID). */
  value: string;
  /** What the user reads next to the box (an organisation's name). */
  label: string;
}

export interface ConsentForm {
  action: string;
  hidden: Array<[string, string]>;
  choiceName: string;
  options: ConsentOption[];
  allow: [string, string] | undefined;
}

export function consentFormIn(html: string, pageUrl: string): ConsentForm | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const attributes = attributesOf(form[1] ?? '');
  if ((attributes.method ?? 'get').toLowerCase() !== 'post') return undefined;
  const body = form[2] ?? '';
  const options: ConsentOption[] = [];
  let choiceName: string | undefined;
  for (const [, input = '', label = ''] of body.matchAll(/<label>\s*<input\b([^>]*)>([\s\S]*?)<\/label>/gi)) {
    const a = attributesOf(input);
    if ((a.type !== 'checkbox' && a.type !== 'radio') || !a.name || a.value === undefined) continue;
    choiceName ??= a.name;
    if (a.name === choiceName) options.push({ value: a.value, label: textOf(label) });
  }
  if (!choiceName || options.length === 0) return undefined;
  const hidden = [...body.matchAll(/<input\b([^>]*)>/gi)]
    .map(([, a = '']) => attributesOf(a))
    .filter((a) => a.type === 'hidden' && a.name)
    .map((a): [string, string] => [a.name ?? '', a.value ?? '']);
  const button = /<button\b([^>]*)>/i.exec(body);
  const b = button ? attributesOf(button[1] ?? '') : {};
  return {
    action: new URL(attributes.action ?? '', pageUrl).toString(),
    hidden,
    choiceName,
    options,
    allow: b.name ? [b.name, b.value ?? ''] : undefined,
  };
}

/** The form as posted with these options ticked and the first button (allow) pressed. */
export function consentSubmission(form: ConsentForm, chosen: ConsentOption[]): URLSearchParams {
  const body = new URLSearchParams(form.hidden);
  for (const option of chosen) body.append(form.choiceName, option.value);
  if (form.allow) body.append(...form.allow);
  return body;
}

function attributesOf(tag: string): Record<string, string | undefined> {
  const out: Record<string, string> = {};
  for (const [, name = '', value = ''] of tag.matchAll(/([a-zA-Z-]+)="([^"]*)"/g))
    out[name.toLowerCase()] = decode(value);
  return out;
}

function textOf(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

function decode(text: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => entities[name] ?? '');
}
