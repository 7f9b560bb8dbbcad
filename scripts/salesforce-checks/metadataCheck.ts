import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CheckResult, Finding } from './finding';
import type { FieldSchema, MetadataSchema } from './metadataSchema';
import { fieldsOf, loadMetadataSchema } from './metadataSchema';
import { metadataTypeOf } from './metadataTypes';

/** An element as parsed: text, or children by name (each repeated as an array) plus attributes. */
type XmlNode = string | { [key: string]: XmlNode[] | string | undefined };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/**
 * Elements the WSDL declares as xsd:string whose content the files carry as nested XML, checked by
 * the platform against another schema: a component's targetConfigs (its design-time properties).
 */
const NESTED_XML_STRINGS = new Set(['LightningComponentBundle.targetConfigs']);

const PRIMITIVE_NAMES = new Set(['string', 'number', 'boolean', 'any']);
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function textOf(node: XmlNode): string {
  if (typeof node === 'string') return node;
  const text = node['#text'];
  return (Array.isArray(text) ? text.join('') : (text ?? '')).toString();
}

function childNames(node: XmlNode): string[] {
  return typeof node === 'string' ? [] : Object.keys(node).filter((k) => !k.startsWith('@') && k !== '#text');
}

function attribute(node: XmlNode, name: string): string | undefined {
  if (typeof node === 'string') return undefined;
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

class Validator {
  readonly findings: Finding[] = [];
  constructor(
    private readonly schema: MetadataSchema,
    private readonly file: string,
  ) {}

  private report(where: string, message: string): void {
    this.findings.push({ file: this.file, where, message });
  }

  value(node: XmlNode, typeName: string, where: string): void {
    if (attribute(node, 'xsi:nil') === 'true') return;
    // xsi:type names the concrete type where the WSDL declares a base (or xsd:anyType).
    const declared = attribute(node, 'xsi:type');
    if (declared) typeName = declared.replace(/^xsd:/, '');
    const type = this.schema.get(typeName);
    const primitive = PRIMITIVE_NAMES.has(typeName)
      ? typeName
      : type?.kind === 'primitive'
        ? type.name
        : undefined;
    if (primitive !== undefined || type?.kind === 'enum') {
      if (childNames(node).length > 0)
        return this.report(
          where,
          `expected a ${typeName} value, found elements (${childNames(node).join(', ')})`,
        );
      const text = textOf(node);
      if (primitive === 'number' && !NUMBER.test(text)) this.report(where, `'${text}' is not a number`);
      if (primitive === 'boolean' && text !== 'true' && text !== 'false')
        this.report(where, `'${text}' is not a boolean`);
      if (type?.kind === 'enum' && !type.values.has(text))
        this.report(
          where,
          `'${text}' is not a ${typeName} (one of ${[...type.values].slice(0, 12).join(', ')}${type.values.size > 12 ? ', ...' : ''})`,
        );
      return;
    }
    const fields = fieldsOf(this.schema, typeName);
    if (!fields) return this.report(where, `the typings have no type ${typeName}`);
    if (textOf(node) !== '')
      this.report(where, `${typeName} holds elements, not text ('${textOf(node).slice(0, 40)}')`);
    this.object(node, typeName, fields, where);
  }

  object(node: XmlNode, typeName: string, fields: Map<string, FieldSchema>, where: string): void {
    const children = typeof node === 'string' ? {} : node;
    for (const name of childNames(node)) {
      const field = fields.get(name);
      const occurrences = children[name];
      const list = Array.isArray(occurrences) ? occurrences : [];
      if (!field) {
        this.report(`${where}/${name}`, `unknown element: ${typeName} has no ${name}`);
        continue;
      }
      if (!field.array && list.length > 1)
        this.report(`${where}/${name}`, `${name} appears ${list.length} times; ${typeName} allows one`);
      if (NESTED_XML_STRINGS.has(`${typeName}.${name}`)) continue;
      list.forEach((child, i) =>
        this.value(child, field.type, list.length > 1 ? `${where}/${name}[${i + 1}]` : `${where}/${name}`),
      );
    }
    for (const [name, field] of fields)
      if (!field.optional && !field.array && !(name in children))
        this.report(`${where}/${name}`, `missing required element ${name} (${field.type}) of ${typeName}`);
  }
}

/** One source file against the typings: its root must be its metadata type, its content that type. */
export function checkMetadataFile(schema: MetadataSchema, file: string, label: string): Finding[] {
  const xml = readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return [
      { file: label, where: `line ${valid.err.line}`, message: `not well-formed XML: ${valid.err.msg}` },
    ];
  const type = metadataTypeOf(file);
  if (!type)
    return [{ file: label, where: '/', message: 'no Metadata API type has this file suffix or folder' }];
  const doc = parser.parse(xml) as Record<string, XmlNode[]>;
  const roots = Object.keys(doc);
  const root = roots[0];
  if (roots.length !== 1 || root === undefined)
    return [{ file: label, where: '/', message: `expected one root element <${type}>` }];
  if (root !== type)
    return [
      { file: label, where: `/${root}`, message: `root element is <${root}>, but the file is a ${type}` },
    ];
  const validator = new Validator(schema, label);
  for (const node of doc[root] ?? []) validator.value(node, type, `/${type}`);
  return validator.findings;
}

/** Every `-meta.xml` under `sourceDir` held to the Metadata API typings of @salesforce/types. */
export function checkMetadata(sourceDir: string, schema: MetadataSchema = loadMetadataSchema()): CheckResult {
  const files = walk(sourceDir).filter((f) => f.endsWith('-meta.xml'));
  const findings = files.flatMap((f) => checkMetadataFile(schema, f, path.relative(sourceDir, f)));
  return { check: 'metadata XML vs @salesforce/types Metadata API typings', checked: files.length, findings };
}
