import type { SandboxContext } from '../core/server';
import { multipartBoundary, parseMultipart } from '../core/multipart';
import { actionAnswer, param, type Answer, type ZohoCall, type ZohoRoute } from './call';
import { ZohoError, invalidParam, requiredParamMissing, zohoStatus, type ZohoStatus } from './errors';
import { zohoDateTime, type ZohoOrg } from './org';

/**
 * Files attached to records (the SDK's AttachmentsOperations: uploadAttachments, getAttachments,
 * getAttachment, deleteAttachment, deleteAttachments; models in core/com/zoho/crm/api/attachments).
 * An upload is multipart/form-data with the file in the part named `file` (FileBodyWrapper.file),
 * answered with an ActionWrapper of one SuccessResponse; a listing is a ResponseWrapper of
 * Attachment (File_Name, Size as a string, Parent_Id `{ name, id }`, `$se_module`, Owner,
 * Created_Time …) and Info, with `fields` mandatory (Zoho's v8 "Get list of Attachments").
 */
export interface StoredAttachment {
  id: string;
  module: string;
  parentId: string;
  fileName: string;
  contentType: string;
  data: Buffer;
  createdAt: number;
}

const stores = new WeakMap<ZohoOrg, Map<string, StoredAttachment>>();

/** An org's attachments, by id (kept beside the org so org.ts stays about records). */
export function attachmentsOf(org: ZohoOrg): Map<string, StoredAttachment> {
  let store = stores.get(org);
  if (!store) {
    store = new Map();
    stores.set(org, store);
  }
  return store;
}

const MAX_PER_PAGE = 200;
const one = () => ({ credits: 1, heavy: false });

export function attachmentRoutes(): ZohoRoute[] {
  const route = (method: ZohoRoute['method'], path: string, handle: ZohoRoute['handle']): ZohoRoute => ({
    method,
    path,
    scope: 'ZohoCRM.modules',
    cost: one,
    handle,
  });
  return [
    route('POST', '/crm/v8/:module/:id/Attachments', upload),
    route('GET', '/crm/v8/:module/:id/Attachments', list),
    route('DELETE', '/crm/v8/:module/:id/Attachments', (call) => {
      const ids = (param(call.ctx, 'ids') ?? '').split(',').filter(Boolean);
      if (ids.length === 0) throw requiredParamMissing('ids');
      return remove(call, ids);
    }),
    route('GET', '/crm/v8/:module/:id/Attachments/:attachmentId', download),
    route('DELETE', '/crm/v8/:module/:id/Attachments/:attachmentId', (call) =>
      remove(call, [call.ctx.params.attachmentId ?? '']),
    ),
  ];
}

/** The record the path names; an unknown one is refused as the records API refuses an unknown id. */
function parentOf(call: ZohoCall): { module: string; id: string } {
  const def = call.org.module(call.ctx.params.module ?? '');
  const id = call.ctx.params.id ?? '';
  if (!call.org.get(def.apiName, id))
    throw new ZohoError(400, 'INVALID_DATA', 'the id given seems to be invalid', { id });
  return { module: def.apiName, id };
}

function upload(call: ZohoCall): Answer {
  const { ctx, org, now } = call;
  const parent = parentOf(call);
  const file = fileIn(ctx);
  const attachment: StoredAttachment = {
    id: org.nextId(),
    module: parent.module,
    parentId: parent.id,
    fileName: file.filename,
    contentType: file.contentType ?? 'application/octet-stream',
    data: file.data,
    createdAt: now,
  };
  attachmentsOf(org).set(attachment.id, attachment);
  const by = { name: org.user.name, id: org.user.id };
  const at = zohoDateTime(now);
  const uploaded: ZohoStatus = {
    code: 'SUCCESS',
    details: { Modified_Time: at, Modified_By: by, Created_Time: at, id: attachment.id, Created_By: by },
    message: 'attachment uploaded',
    status: 'success',
  };
  return actionAnswer('data', [uploaded], 200);
}

function fileIn(ctx: SandboxContext): { filename: string; contentType?: string; data: Buffer } {
  const boundary = multipartBoundary(ctx.req.headers['content-type']);
  if (!boundary) throw requiredParamMissing('file');
  let parts;
  try {
    parts = parseMultipart(ctx.rawBody, boundary);
  } catch {
    throw invalidParam('file', 'the file given is not a valid multipart part');
  }
  const file = parts.find((p) => p.name === 'file' && p.filename !== undefined);
  if (!file?.filename) throw requiredParamMissing('file');
  return {
    filename: file.filename,
    data: file.data,
    ...(file.contentType ? { contentType: file.contentType } : {}),
  };
}

function list(call: ZohoCall): Answer {
  const { ctx, org } = call;
  const parent = parentOf(call);
  const raw = param(ctx, 'fields');
  if (!raw) throw requiredParamMissing('fields');
  const fields = new Set(['id', ...raw.split(',').map((f) => f.trim())]);
  const perPage = boundedInt(ctx, 'per_page', MAX_PER_PAGE) ?? MAX_PER_PAGE;
  const page = boundedInt(ctx, 'page') ?? 1;
  const ids = param(ctx, 'ids')?.split(',');
  const all = [...attachmentsOf(org).values()]
    .filter((a) => a.module === parent.module && a.parentId === parent.id && (!ids || ids.includes(a.id)))
    .sort((a, b) => b.createdAt - a.createdAt || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const slice = all.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      data: slice.map((a) => present(org, a, fields)),
      info: {
        per_page: perPage,
        next_page_token: null,
        count: slice.length,
        page,
        previous_page_token: null,
        page_token_expiry: null,
        more_records: all.length > page * perPage,
      },
    },
  };
}

function present(org: ZohoOrg, a: StoredAttachment, fields: ReadonlySet<string>): Record<string, unknown> {
  const user = { name: org.user.name, id: org.user.id, email: org.user.email };
  const parent = org.get(a.module, a.parentId);
  const all: Record<string, unknown> = {
    id: a.id,
    File_Name: a.fileName,
    Size: String(a.data.length),
    Owner: user,
    Created_By: user,
    Modified_By: user,
    Created_Time: zohoDateTime(a.createdAt),
    Modified_Time: zohoDateTime(a.createdAt),
    Parent_Id: { name: parent ? org.displayName(parent) : null, id: a.parentId },
    $se_module: a.module,
    $file_id: `lb${a.id}`,
    $type: 'Attachment',
    $editable: true,
    $link_url: null,
  };
  return Object.fromEntries(Object.entries(all).filter(([k]) => fields.has(k)));
}

function download(call: ZohoCall): Answer {
  const parent = parentOf(call);
  const attachment = attachmentsOf(call.org).get(call.ctx.params.attachmentId ?? '');
  if (!attachment || attachment.module !== parent.module || attachment.parentId !== parent.id)
    throw new ZohoError(400, 'INVALID_DATA', 'the id given seems to be invalid', {
      id: call.ctx.params.attachmentId,
    });
  return {
    status: 200,
    body: attachment.data,
    headers: {
      'content-type': attachment.contentType,
      'content-disposition': `attachment; filename="${attachment.fileName.replace(/"/g, '')}"`,
    },
  };
}

function remove(call: ZohoCall, ids: readonly string[]): Answer {
  const parent = parentOf(call);
  const store = attachmentsOf(call.org);
  const results = ids.map((id) => {
    const attachment = store.get(id);
    if (!attachment || attachment.module !== parent.module || attachment.parentId !== parent.id)
      return zohoStatus('INVALID_DATA', 'the id given seems to be invalid', { id });
    store.delete(id);
    return { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' };
  });
  return actionAnswer('data', results, 200);
}

function boundedInt(ctx: SandboxContext, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = param(ctx, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw invalidParam(name);
  return Number(raw);
}
