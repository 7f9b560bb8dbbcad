import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Every word users read comes from a Custom Label (labels/CustomLabels.labels-meta.xml), so an org
 * can translate it: templates hold bindings, not text, and every label a component imports exists.
 */
const LWC = path.resolve(__dirname, '../..');
const LABELS_FILE = path.resolve(LWC, '../labels/CustomLabels.labels-meta.xml');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === '__tests__' ? [] : sources(full);
    return /\.(ts|html)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const ATTRIBUTES = ['label', 'title', 'alternative-text', 'field-level-help', 'placeholder', 'aria-label'];

/** Text in a template a user would read that is not a binding: text between tags, quoted attributes. */
function hardCodedText(template: string): string[] {
  const html = template.replace(/<!--[\s\S]*?-->/g, '');
  const between = [...html.matchAll(/>([^<]+)</g)]
    .map(([, text = '']) => text.replace(/\{[^}]*\}/g, '').trim())
    .filter((text) => /\p{L}/u.test(text));
  const attributes = [...html.matchAll(new RegExp(`\\s(${ATTRIBUTES.join('|')})="([^"]*)"`, 'g'))]
    .map(([, , value = '']) => value)
    .filter((value) => /\p{L}/u.test(value));
  return [...between, ...attributes];
}

describe('Custom Labels', () => {
  const files = sources(LWC);
  const defined = new Set(
    [...readFileSync(LABELS_FILE, 'utf8').matchAll(/<fullName>([^<]+)<\/fullName>/g)].map(([, n]) => n),
  );
  const imported = new Set(
    files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/@salesforce\/label\/c\.(\w+)/g)].map(([, n]) => n),
    ),
  );

  it('every label a component imports is defined, and every defined label is used', () => {
    expect(imported.size).toBeGreaterThan(100);
    expect([...imported].filter((name) => !defined.has(name))).toEqual([]);
    expect([...defined].filter((name) => !imported.has(name!))).toEqual([]);
  });

  it('templates hold no text of their own', () => {
    const found = files
      .filter((file) => file.endsWith('.html'))
      .flatMap((file) =>
        hardCodedText(readFileSync(file, 'utf8')).map((text) => `${path.basename(file)}: ${text}`),
      );
    expect(found).toEqual([]);
  });

  it('the template check finds text and quoted labels (it can fail)', () => {
    expect(
      hardCodedText(
        '<template><h3>{labels.title}</h3><p>Open in Xero</p><lightning-button label="Save" title={t}></lightning-button><span> · </span></template>',
      ),
    ).toEqual(['Open in Xero', 'Save']);
  });
});
