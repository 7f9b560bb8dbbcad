import { z } from 'zod';
import { VendorError } from '../errors';
import { recordError } from './zohoErrors';
import type { ZohoHttp } from './zohoHttp';
import { parseAnswer, zohoActionAnswer, zohoInfoSchema, zohoWriteDetails } from './zohoSchemas';

/**
 * Files attached to a Zoho record (v8 Attachments: `POST /{module}/{id}/Attachments` multipart
 * `file`, `GET` the list with `fields`, `DELETE /{module}/{id}/Attachments/{attachment_id}`), as
 * the v8 SDK's attachments models give them (core/com/zoho/crm/api/attachments).
 * https://www.zoho.com/crm/developer/docs/api/v8/get-attachments.html
 */
export interface ZohoAttachment {
  id: string;
  fileName: string;
  /** Zoho answers the size as a string of bytes. */
  size: number | null;
  createdTime: string | null;
}

const attachmentSchema = z.looseObject({
  id: z.string(),
  File_Name: z.string(),
  Size: z.union([z.string(), z.number()]).nullish(),
  Created_Time: z.string().nullish(),
});
const listAnswer = z.object({ data: z.array(attachmentSchema), info: zohoInfoSchema.optional() });

const PER_PAGE = 200;
/** page × per_page reach the first 2,000 entries, as with records. */
const MAX_PAGES = 10;

export class ZohoAttachmentsApi {
  constructor(private readonly http: ZohoHttp) {}

  /** Every file on the record, newest first (none: an empty list). */
  async list(module: string, recordId: string): Promise<ZohoAttachment[]> {
    const all: ZohoAttachment[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const reply = await this.http.send({
        method: 'GET',
        path: `${recordPath(module, recordId)}/Attachments`,
        query: { fields: 'id,File_Name,Size,Created_Time', page: String(page), per_page: String(PER_PAGE) },
      });
      if (reply.status === 204) break;
      const answer = parseAnswer(listAnswer, reply.body, `attachments of ${module}/${recordId}`);
      all.push(
        ...answer.data.map((a) => ({
          id: a.id,
          fileName: a.File_Name,
          size: a.Size === null || a.Size === undefined ? null : Number(a.Size),
          createdTime: a.Created_Time ?? null,
        })),
      );
      if (!answer.info?.more_records) break;
    }
    return all;
  }

  /** Uploads the file to the record; returns the new attachment's id. */
  async upload(
    module: string,
    recordId: string,
    file: { name: string; bytes: Buffer; contentType: string },
  ): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.name);
    const reply = await this.http.send({
      method: 'POST',
      path: `${recordPath(module, recordId)}/Attachments`,
      form,
      perRecordKey: 'data',
    });
    const [status] = parseAnswer(zohoActionAnswer, reply.body, 'attachment upload').data;
    if (!status) throw new VendorError('retryable', 'zoho', 'attachment upload answered no status');
    if (status.status === 'error') throw recordError(status, 0);
    return parseAnswer(zohoWriteDetails, status.details, 'attachment uploaded').id;
  }

  /** Deletes the attachment; one already gone counts as deleted. */
  async remove(module: string, recordId: string, attachmentId: string): Promise<void> {
    const reply = await this.http.send({
      method: 'DELETE',
      path: `${recordPath(module, recordId)}/Attachments/${segment(attachmentId)}`,
      perRecordKey: 'data',
    });
    const [status] = parseAnswer(zohoActionAnswer, reply.body, 'attachment delete').data;
    if (status?.status === 'error' && status.code !== 'INVALID_DATA') throw recordError(status, 0);
  }
}

export function recordPath(module: string, recordId: string): string {
  return `/${segment(module)}/${segment(recordId)}`;
}

/** Module names and ids go into the path: API names and digits only. */
function segment(value: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(value))
    throw new VendorError('validation', 'zoho', `not a Zoho name or id: ${value}`);
  return value;
}
