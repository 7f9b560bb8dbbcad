import { z } from 'zod';
import { recordPath } from './zohoAttachments';
import type { ZohoHttp } from './zohoHttp';
import { parseAnswer, zohoInfoSchema } from './zohoSchemas';

/**
 * A record's notes: its Notes related list (`GET /{module}/{id}/Notes`, the v8 SDK's
 * RelatedRecordsOperations with `fields` mandatory). Zoho's COQL does not reach Notes, so this is
 * how a note is found again. Notes are written through the records API (`POST /Notes` with
 * Parent_Id and `$se_module`, `PUT /Notes`).
 */
export interface ZohoNote {
  id: string;
  title: string | null;
  content: string | null;
}

const noteSchema = z.looseObject({
  id: z.string(),
  Note_Title: z.string().nullish(),
  Note_Content: z.string().nullish(),
});
const listAnswer = z.object({ data: z.array(noteSchema), info: zohoInfoSchema.optional() });

const PER_PAGE = 200;
const MAX_PAGES = 10;

export class ZohoRecordNotesApi {
  constructor(private readonly http: ZohoHttp) {}

  /** The record's notes, newest first (the first 2,000). */
  async of(module: string, recordId: string): Promise<ZohoNote[]> {
    const all: ZohoNote[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const reply = await this.http.send({
        method: 'GET',
        path: `${recordPath(module, recordId)}/Notes`,
        query: { fields: 'Note_Title,Note_Content', page: String(page), per_page: String(PER_PAGE) },
      });
      if (reply.status === 204) break;
      const answer = parseAnswer(listAnswer, reply.body, `notes of ${module}/${recordId}`);
      all.push(
        ...answer.data.map((n) => ({
          id: n.id,
          title: n.Note_Title ?? null,
          content: n.Note_Content ?? null,
        })),
      );
      if (!answer.info?.more_records) break;
    }
    return all;
  }
}
