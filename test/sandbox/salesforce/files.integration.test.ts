import { startSalesforce, rejection, type SalesforceHarness } from './harness';

type Row = Record<string, unknown> & { Id: string };

/**
 * Salesforce Files in the emulator, through jsforce (Object Reference: ContentVersion,
 * ContentDocument, ContentDocumentLink): a first version makes its document and the links to its
 * owner and first publish location; a version with the document's ID is its next version; links are
 * unique per record; ContentDocumentLink is queried by document or record only.
 */
describe('Salesforce emulator: Files', () => {
  let h: SalesforceHarness;
  beforeAll(async () => {
    h = await startSalesforce({ dataset: { accounts: 1, opportunities: 0 } });
  });
  afterAll(() => h.close());

  const accountId = async () => (await h.conn.query<Row>('SELECT Id FROM Account LIMIT 1')).records[0]!.Id;
  const version = (fields: Record<string, unknown>) =>
    h.conn.sobject('ContentVersion').create({
      Title: 'Notes',
      PathOnClient: 'notes.txt',
      VersionData: Buffer.from('hello').toString('base64'),
      ...fields,
    });

  it('makes the document with the first version and versions it with the next', async () => {
    const account = await accountId();
    const first = await version({ FirstPublishLocationId: account });
    const [row] = (
      await h.conn.query<Row>(
        `SELECT ContentDocumentId, VersionNumber, IsLatest, FileType FROM ContentVersion WHERE Id = '${first.id!}'`,
      )
    ).records;
    expect(row).toMatchObject({ VersionNumber: '1', IsLatest: true, FileType: 'TEXT' });
    const documentId = String(row!.ContentDocumentId);
    const links = await h.conn.query<Row>(
      `SELECT LinkedEntityId, ShareType FROM ContentDocumentLink WHERE ContentDocumentId = '${documentId}'`,
    );
    expect(links.records.map((l) => [l.LinkedEntityId, l.ShareType])).toEqual(
      expect.arrayContaining([
        [h.org.userId, 'I'],
        [account, 'V'],
      ]),
    );
    await version({ ContentDocumentId: documentId, Title: 'Notes v2' });
    const versions = await h.conn.query<Row>(
      `SELECT VersionNumber, IsLatest FROM ContentVersion WHERE ContentDocumentId = '${documentId}' ORDER BY VersionNumber ASC`,
    );
    expect(versions.records.map((v) => [v.VersionNumber, v.IsLatest])).toEqual([
      ['1', false],
      ['2', true],
    ]);
    const duplicate = await rejection(
      h.conn
        .sobject('ContentDocumentLink')
        .create({ ContentDocumentId: documentId, LinkedEntityId: account, ShareType: 'V' }),
    );
    expect(duplicate.errorCode).toBe('DUPLICATE_VALUE');
  });

  it('refuses what Salesforce refuses: a version without its content, a link query without its filter, a version update of the content', async () => {
    expect(
      (await rejection(h.conn.sobject('ContentVersion').create({ Title: 'x', PathOnClient: 'x.txt' })))
        .errorCode,
    ).toBe('REQUIRED_FIELD_MISSING');
    const refused = await rejection(h.conn.query("SELECT Id FROM ContentDocumentLink WHERE ShareType = 'V'"));
    expect(refused.errorCode).toBe('MALFORMED_QUERY');
    expect(refused.message).toMatch(/Implementation restriction: ContentDocumentLink requires a filter/);
    const made = await version({});
    const update = await rejection(
      h.conn
        .sobject('ContentVersion')
        .update({ Id: made.id!, VersionData: Buffer.from('other').toString('base64') }),
    );
    expect(update.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });
});
