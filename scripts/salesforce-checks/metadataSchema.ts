import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';

/** A field of a metadata type: the XML element `name` holds a `type`, repeated when `array`. */
export interface FieldSchema {
  type: string;
  array: boolean;
  optional: boolean;
}

/** A named type in the Metadata API typings, reduced to what the XML can be checked against. */
export type TypeSchema =
  | { kind: 'primitive'; name: Primitive }
  | { kind: 'enum'; values: ReadonlySet<string> }
  | { kind: 'object'; bases: string[]; fields: Map<string, FieldSchema> };

/** `any` is the WSDL's xsd:anyType, whose value names its own type with xsi:type. */
export type Primitive = 'string' | 'number' | 'boolean' | 'any';

export type MetadataSchema = ReadonlyMap<string, TypeSchema>;

const PRIMITIVES = new Map<ts.SyntaxKind, Primitive>([
  [ts.SyntaxKind.AnyKeyword, 'any'],
  // The generator writes `unknown` for the few WSDL types it could not resolve: nothing to hold them to.
  [ts.SyntaxKind.UnknownKeyword, 'any'],
  [ts.SyntaxKind.StringKeyword, 'string'],
  [ts.SyntaxKind.NumberKeyword, 'number'],
  [ts.SyntaxKind.BooleanKeyword, 'boolean'],
]);

/** `Name`, `string` or `Name[]` as a field type; anything else the generator never emits. */
function fieldOf(node: ts.TypeNode, optional: boolean, where: string): FieldSchema {
  if (ts.isArrayTypeNode(node)) return { ...fieldOf(node.elementType, optional, where), array: true };
  const primitive = PRIMITIVES.get(node.kind);
  if (primitive) return { type: primitive, array: false, optional };
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName))
    return { type: node.typeName.text, array: false, optional };
  throw new Error(`metadata typings: unsupported field type at ${where}: ${ts.SyntaxKind[node.kind]}`);
}

function objectOf(literal: ts.TypeLiteralNode, bases: string[], name: string): TypeSchema {
  const fields = new Map<string, FieldSchema>();
  for (const member of literal.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isIdentifier(member.name))
      throw new Error(`metadata typings: unsupported member in ${name}`);
    const field = member.name.text;
    fields.set(field, fieldOf(member.type, member.questionToken !== undefined, `${name}.${field}`));
  }
  return { kind: 'object', bases, fields };
}

function typeOf(node: ts.TypeNode, name: string): TypeSchema {
  const primitive = PRIMITIVES.get(node.kind);
  if (primitive) return { kind: 'primitive', name: primitive };
  if (ts.isTypeLiteralNode(node)) return objectOf(node, [], name);
  if (ts.isUnionTypeNode(node) && node.types.every((t) => ts.isLiteralTypeNode(t))) {
    const values = node.types.map((t) => {
      const literal = (t as ts.LiteralTypeNode).literal;
      if (!ts.isStringLiteral(literal)) throw new Error(`metadata typings: non-string enum in ${name}`);
      return literal.text;
    });
    return { kind: 'enum', values: new Set(values) };
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal))
    return { kind: 'enum', values: new Set([node.literal.text]) };
  // `X = Y`: an extension that adds nothing.
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName))
    return { kind: 'object', bases: [node.typeName.text], fields: new Map() };
  // `Metadata & { ... }`: the WSDL's extension of a base type (Metadata brings fullName).
  if (ts.isIntersectionTypeNode(node)) {
    const bases: string[] = [];
    let own: ts.TypeLiteralNode | undefined;
    for (const part of node.types) {
      if (ts.isTypeReferenceNode(part) && ts.isIdentifier(part.typeName)) bases.push(part.typeName.text);
      else if (ts.isTypeLiteralNode(part)) own = part;
      else throw new Error(`metadata typings: unsupported intersection in ${name}`);
    }
    return own ? objectOf(own, bases, name) : { kind: 'object', bases, fields: new Map() };
  }
  throw new Error(`metadata typings: unsupported type ${name}: ${ts.SyntaxKind[node.kind]}`);
}

/** Reads the typings' declarations with the TypeScript compiler into a schema by type name. */
export function parseMetadataTypings(source: string): Map<string, TypeSchema> {
  const file = ts.createSourceFile('metadata.d.ts', source, ts.ScriptTarget.Latest, false);
  const schema = new Map<string, TypeSchema>();
  for (const statement of file.statements) {
    if (ts.isTypeAliasDeclaration(statement))
      schema.set(statement.name.text, typeOf(statement.type, statement.name.text));
    else if (ts.isInterfaceDeclaration(statement))
      throw new Error(`metadata typings: interfaces are not expected (${statement.name.text})`);
  }
  return schema;
}

/** The Metadata API typings @salesforce/types generates from Salesforce's metadata WSDL. */
export function loadMetadataSchema(): MetadataSchema {
  const require = createRequire(__filename);
  // The package exports only its modules; the .d.ts sits beside the resolved metadata.js.
  const typings = require.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts');
  return parseMetadataTypings(readFileSync(typings, 'utf8'));
}

/** Every field of an object type, its bases' included (fullName comes from Metadata). */
export function fieldsOf(schema: MetadataSchema, name: string): Map<string, FieldSchema> | undefined {
  const type = schema.get(name);
  if (type?.kind !== 'object') return undefined;
  const fields = new Map<string, FieldSchema>();
  for (const base of type.bases) for (const [k, v] of fieldsOf(schema, base) ?? []) fields.set(k, v);
  for (const [k, v] of type.fields) fields.set(k, v);
  return fields;
}
