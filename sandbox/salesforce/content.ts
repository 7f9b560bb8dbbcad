import { createHash } from 'node:crypto';
import { sfError, type SfError } from './errors';
import { normalizeId } from './ids';
import { picklist, systemFields, ownerField, type FieldDef, type ObjectDef } from './schema';
import type { SfRecord, Session, Store } from './store';

/**
 * Salesforce Files (Object Reference: ContentVersion, ContentDocument, ContentDocumentLink): a file
 * is a ContentDocument made by inserting its first ContentVersion; a new version is a ContentVersion
 * inserted with the document's ContentDocumentId (the older one stops being IsLatest); a document is
 * shared with a record by a ContentDocumentLink. FirstPublishLocationId links the new document to
 * that record on insert, beside the owner's own link.
 */
const ro = { createable: false, updateable: false, nillable: true, calculated: true } as const;
const createOnly = { createable: true, updateable: false } as const;

/** The records a file can be published to or shared with (the polymorphic ID fields). */
const linkable = (pkg: (name: string) => string) => [
  'Account',
  'Contact',
  'Opportunity',
  'User',
  pkg('Xero_Invoice__c'),
  pkg('Xero_Payment__c'),
];

export const SHARE_TYPES = ['V', 'C', 'I'];
export const VISIBILITIES = ['AllUsers', 'InternalUsers', 'SharedUsers'];

function object(
  name: string,
  keyPrefix: string,
  label: string,
  fields: FieldDef[],
  access: Partial<ObjectDef>,
) {
  return {
    name,
    label,
    labelPlural: `${label}s`,
    keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    fields,
    ...access,
  } satisfies ObjectDef;
}

export function contentObjects(pkg: (name: string) => string = (n) => n): ObjectDef[] {
  const text = (name: string, label: string, length: number, extra: Partial<FieldDef> = {}): FieldDef => ({
    name,
    label,
    type: 'string',
    length,
    ...extra,
  });
  return [
    object(
      'ContentDocument',
      '069',
      'Content Document',
      [
        ...systemFields(),
        text('Title', 'Title', 255, { nameField: true, nillable: false }),
        {
          name: 'LatestPublishedVersionId',
          label: 'Latest Published Version ID',
          type: 'reference',
          length: 18,
          referenceTo: ['ContentVersion'],
          relationshipName: 'LatestPublishedVersion',
          ...ro,
        },
        text('FileExtension', 'File Extension', 40, ro),
        text('FileType', 'File Type', 20, ro),
        { name: 'ContentSize', label: 'Size', type: 'int', precision: 9, ...ro },
        { ...ownerField(), updateable: true },
      ],
      // Made by inserting a ContentVersion, never directly.
      { createable: false },
    ),
    object(
      'ContentVersion',
      '068',
      'Content Version',
      [
        ...systemFields(),
        text('Title', 'Title', 255, { nameField: true, nillable: false }),
        text('PathOnClient', 'Path On Client', 500, { ...createOnly, nillable: false }),
        { name: 'VersionData', label: 'Version Data', type: 'base64', ...createOnly, nillable: false },
        {
          name: 'ContentDocumentId',
          label: 'ContentDocument ID',
          type: 'reference',
          length: 18,
          referenceTo: ['ContentDocument'],
          relationshipName: 'ContentDocument',
          childRelationshipName: 'ContentVersions',
          cascadeDelete: true,
          ...createOnly,
        },
        {
          name: 'FirstPublishLocationId',
          label: 'First Publish Location ID',
          type: 'reference',
          length: 18,
          referenceTo: linkable(pkg),
          relationshipName: 'FirstPublishLocation',
          ...createOnly,
        },
        text('ReasonForChange', 'Reason For Change', 1000, createOnly),
        { name: 'Description', label: 'Description', type: 'textarea', length: 1000 },
        { name: 'IsLatest', label: 'Is Latest', type: 'boolean', ...ro, nillable: false },
        text('VersionNumber', 'Version Number', 20, ro),
        { name: 'ContentSize', label: 'Size', type: 'int', precision: 9, ...ro },
        text('FileExtension', 'File Extension', 40, ro),
        text('FileType', 'File Type', 20, ro),
        text('Checksum', 'Checksum', 50, ro),
        {
          name: 'ContentLocation',
          label: 'Content Location',
          type: 'picklist',
          length: 1,
          picklistValues: picklist(['S', 'E', 'L'], 'S'),
          restrictedPicklist: true,
          defaultValue: 'S',
          ...createOnly,
        },
        ownerField(),
      ],
      // Versions are kept: a file is deleted through its ContentDocument.
      { deletable: false },
    ),
    object(
      'ContentDocumentLink',
      '06A',
      'Content Document Link',
      [
        // A link carries no audit fields of its own (Object Reference: ContentDocumentLink).
        ...systemFields().filter((f) => ['Id', 'IsDeleted', 'SystemModstamp'].includes(f.name)),
        {
          name: 'ContentDocumentId',
          label: 'ContentDocument ID',
          type: 'reference',
          length: 18,
          referenceTo: ['ContentDocument'],
          relationshipName: 'ContentDocument',
          childRelationshipName: 'ContentDocumentLinks',
          cascadeDelete: true,
          nillable: false,
          ...createOnly,
        },
        {
          name: 'LinkedEntityId',
          label: 'Linked Entity ID',
          type: 'reference',
          length: 18,
          referenceTo: linkable(pkg),
          relationshipName: 'LinkedEntity',
          cascadeDelete: true,
          nillable: false,
          ...createOnly,
        },
        {
          name: 'ShareType',
          label: 'Share Type',
          type: 'picklist',
          length: 40,
          picklistValues: picklist(SHARE_TYPES),
          restrictedPicklist: true,
          nillable: false,
        },
        {
          name: 'Visibility',
          label: 'Visibility',
          type: 'picklist',
          length: 40,
          picklistValues: picklist(VISIBILITIES),
          restrictedPicklist: true,
          defaultValue: 'AllUsers',
        },
      ],
      {},
    ),
  ];
}

const extensionOf = (path: string): string | null =>
  /\.([A-Za-z0-9]{1,40})$/.exec(path)?.[1]?.toLowerCase() ?? null;
const FILE_TYPES: Record<string, string> = { pdf: 'PDF', png: 'PNG', jpg: 'JPG', txt: 'TEXT', csv: 'CSV' };

/** Installs the platform's behaviour on inserting versions and links into an org's store. */
export function installContentTriggers(store: Store): void {
  store.insertTriggers.set('contentversion', (record, session) => onVersionInsert(store, record, session));
  store.insertTriggers.set('contentdocumentlink', (record) => onLinkInsert(store, record));
}

function onVersionInsert(store: Store, record: SfRecord, session: Session): SfError | undefined {
  const f = record.fields;
  const id = f.Id as string;
  const bytes = Buffer.from(String(f.VersionData), 'base64');
  const extension = extensionOf(String(f.PathOnClient));
  const file = {
    ContentSize: bytes.length,
    FileExtension: extension,
    FileType: (extension && FILE_TYPES[extension]) ?? 'UNKNOWN',
  };
  Object.assign(f, file, { Checksum: createHash('md5').update(bytes).digest('hex'), IsLatest: true });
  const documentId = typeof f.ContentDocumentId === 'string' ? f.ContentDocumentId : undefined;
  if (documentId) {
    const versions = store.candidates('ContentVersion', 'ContentDocumentId', [documentId]);
    for (const v of versions)
      if (v.fields.IsLatest === true) store.patchRaw(v.fields.Id as string, { IsLatest: false });
    f.VersionNumber = String(versions.length + 1);
    store.patchRaw(documentId, { Title: f.Title, LatestPublishedVersionId: id, ...file });
    return undefined;
  }
  f.VersionNumber = '1';
  const owner = typeof f.OwnerId === 'string' ? f.OwnerId : session.userId;
  f.ContentDocumentId = store.insertRaw(
    'ContentDocument',
    { Title: f.Title, LatestPublishedVersionId: id, OwnerId: owner, ...file },
    session.userId,
  );
  // The owner's own link, and the record the file was published to.
  store.insertRaw('ContentDocumentLink', {
    ContentDocumentId: f.ContentDocumentId,
    LinkedEntityId: owner,
    ShareType: 'I',
    Visibility: 'AllUsers',
  });
  if (typeof f.FirstPublishLocationId === 'string' && f.FirstPublishLocationId !== owner)
    store.insertRaw('ContentDocumentLink', {
      ContentDocumentId: f.ContentDocumentId,
      LinkedEntityId: f.FirstPublishLocationId,
      ShareType: 'V',
      Visibility: 'AllUsers',
    });
  return undefined;
}

function onLinkInsert(store: Store, record: SfRecord): SfError | undefined {
  const { ContentDocumentId: documentId, LinkedEntityId: entityId } = record.fields;
  const clash = store
    .candidates('ContentDocumentLink', 'ContentDocumentId', [documentId])
    .some((l) => l.fields.LinkedEntityId === entityId);
  return clash
    ? sfError(
        'DUPLICATE_VALUE',
        `Document with ID: ${String(documentId)} is already linked with the entity with ID: ${String(entityId)}`,
      )
    : undefined;
}

/** GET sobjects/ContentVersion/{id}/VersionData: the version's bytes; undefined when not such a blob. */
export function versionData(
  store: Store,
  objectName: string,
  rawId: string,
  field: string,
): Buffer | undefined {
  if (objectName !== 'ContentVersion' || field.toLowerCase() !== 'versiondata') return undefined;
  const id = normalizeId(rawId);
  const record = id ? store.records.get(id) : undefined;
  if (!record || record.type !== 'ContentVersion' || record.fields.IsDeleted === true) return undefined;
  return Buffer.from(String(record.fields.VersionData), 'base64');
}

/**
 * "Implementation restriction: ContentDocumentLink requires a filter by a single Id on
 * ContentDocumentId or LinkedEntityId using the equals operator or multiple Id's using the IN
 * operator" (SOQL and SOSL Reference, ContentDocumentLink): the filtered fields of a query's
 * top-level AND, to check.
 */
export function contentLinkQueryRefusal(objectName: string, filteredFields: string[]): string | undefined {
  if (objectName !== 'ContentDocumentLink') return undefined;
  const ok = filteredFields.some((f) => ['contentdocumentid', 'linkedentityid'].includes(f.toLowerCase()));
  return ok
    ? undefined
    : "Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId or LinkedEntityId using the equals operator or multiple Id's using the IN operator.";
}
