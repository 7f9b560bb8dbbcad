import { createHash } from 'node:crypto';
import { z } from 'zod';
import { multipartBoundary, parseMultipart, type FormPart } from '../core/multipart';
import type { SandboxContext } from '../core/server';
import { api, sendJson, type ApiDeps, type Route } from './api';
import { hubspotError, invalidInput, type CorrelationIds } from './errors';

/**
 * The Files API v3 as @hubspot/api-client's FilesApi calls it: upload (POST /files/v3/files,
 * multipart: file, folderPath or folderId, fileName, options JSON with the required access), replace
 * (PUT /files/v3/files/{fileId}: new content, same ID and path), stat by path
 * (GET /files/v3/files/stat/{path}: FileStat {file} or {folder}, 404 when nothing is there) and read
 * by ID. Folders along a folderPath are made on upload. Guarded by the `files` scope.
 * https://developers.hubspot.com/docs/api-reference/files-files-v3/guide
 */
export interface StoredFile {
  id: string;
  name: string;
  extension: string;
  folderId: string;
  path: string;
  access: string;
  data: Buffer;
  createdAt: number;
  updatedAt: number;
}

const ACCESS = [
  'PUBLIC_INDEXABLE',
  'PUBLIC_NOT_INDEXABLE',
  'HIDDEN_INDEXABLE',
  'HIDDEN_NOT_INDEXABLE',
  'HIDDEN_PRIVATE',
  'PRIVATE',
  'HIDDEN_SENSITIVE',
  'SENSITIVE',
] as const;
const uploadOptionsSchema = z.object({
  access: z.enum(ACCESS),
  ttl: z.string().optional(),
  overwrite: z.boolean().optional(),
  expiresAt: z.string().optional(),
  duplicateValidationStrategy: z.enum(['NONE', 'REJECT', 'RETURN_EXISTING']).optional(),
  duplicateValidationScope: z.enum(['ENTIRE_PORTAL', 'EXACT_FOLDER']).optional(),
});
const replaceOptionsSchema = uploadOptionsSchema.partial();

const DOCUMENT = new Set(['pdf', 'doc', 'docx', 'txt', 'csv', 'xls', 'xlsx', 'ppt', 'pptx']);

export class PortalFiles {
  readonly files = new Map<string, StoredFile>();
  readonly folders = new Map<string, { id: string; createdAt: number }>();
}

export class HubSpotFiles {
  private readonly portals = new Map<number, PortalFiles>();
  private nextId = 90_000_001;

  /** A portal's files (for tests and the control API). */
  of(portalId: number): PortalFiles {
    let files = this.portals.get(portalId);
    if (!files) this.portals.set(portalId, (files = new PortalFiles()));
    return files;
  }

  reset(): void {
    this.portals.clear();
  }

  routes(on: Route, deps: ApiDeps): void {
    const { ids } = deps;
    const guarded = (handler: (ctx: SandboxContext, files: PortalFiles) => void) =>
      api(
        deps,
        () => 'files',
        ({ ctx, grant }) => handler(ctx, this.of(grant.portalId)),
      );
    on(
      'POST',
      '/files/v3/files',
      guarded((ctx, files) => {
        const form = formOf(ids, ctx);
        const content = form.get('file');
        if (!content?.filename) throw invalidInput(ids, 'file is required');
        const options = parseOptions(ids, uploadOptionsSchema, form.get('options'));
        const folderPath = text(form.get('folderPath'));
        const folderId = text(form.get('folderId'));
        if (!folderPath && !folderId) throw invalidInput(ids, 'One of folderId or folderPath is required');
        const folder = folderPath
          ? this.folder(files, folderPath, deps.now())
          : folderPathOf(files, folderId);
        if (folder === undefined)
          throw hubspotError(ids, 404, 'OBJECT_NOT_FOUND', `Folder ${folderId ?? ''} not found`);
        const { base, extension } = splitName(text(form.get('fileName')) ?? content.filename);
        const at = (name: string) =>
          `${folder === '/' ? '' : folder}/${name}${extension ? `.${extension}` : ''}`;
        const taken = [...files.files.values()].find((f) => f.path === at(base));
        if (taken && options.overwrite) {
          Object.assign(taken, { data: content.data, access: options.access, updatedAt: deps.now() });
          return sendJson(ctx, 201, fileJson(taken));
        }
        // Without overwrite, a name already taken in the folder gets a numbered suffix.
        let name = base;
        for (let n = 1; [...files.files.values()].some((f) => f.path === at(name)); n++)
          name = `${base}-${n}`;
        const now = deps.now();
        const stored: StoredFile = {
          id: String(this.nextId++),
          name,
          extension,
          folderId: files.folders.get(folder)?.id ?? '0',
          path: at(name),
          access: options.access,
          data: content.data,
          createdAt: now,
          updatedAt: now,
        };
        files.files.set(stored.id, stored);
        sendJson(ctx, 201, fileJson(stored));
      }),
    );
    on(
      'PUT',
      '/files/v3/files/:fileId',
      guarded((ctx, files) => {
        const stored = files.files.get(ctx.params.fileId ?? '');
        if (!stored)
          throw hubspotError(ids, 404, 'OBJECT_NOT_FOUND', `File ${ctx.params.fileId ?? ''} not found`);
        const form = formOf(ids, ctx);
        const content = form.get('file');
        const options = parseOptions(ids, replaceOptionsSchema, form.get('options'));
        if (content) stored.data = content.data;
        if (options.access) stored.access = options.access;
        stored.updatedAt = deps.now();
        sendJson(ctx, 200, fileJson(stored));
      }),
    );
    on(
      'GET',
      '/files/v3/files/stat/:path',
      guarded((ctx, files) => {
        const path = ctx.params.path ?? '';
        const file = [...files.files.values()].find((f) => f.path === path);
        if (file) return sendJson(ctx, 200, { file: fileJson(file) });
        const folder = files.folders.get(path);
        if (folder) return sendJson(ctx, 200, { folder: folderJson(path, folder) });
        throw hubspotError(ids, 404, 'OBJECT_NOT_FOUND', `No file or folder at ${path}`);
      }),
    );
    on(
      'GET',
      '/files/v3/files/:fileId',
      guarded((ctx, files) => {
        const stored = files.files.get(ctx.params.fileId ?? '');
        if (!stored)
          throw hubspotError(ids, 404, 'OBJECT_NOT_FOUND', `File ${ctx.params.fileId ?? ''} not found`);
        sendJson(ctx, 200, fileJson(stored));
      }),
    );
  }

  /** The folder at a path (`/a/b`), made with its parents when missing; returns its path. */
  private folder(files: PortalFiles, raw: string, now: number): string {
    const segments = raw.split('/').filter(Boolean);
    let path = '';
    for (const segment of segments) {
      path += `/${segment}`;
      if (!files.folders.has(path)) files.folders.set(path, { id: String(this.nextId++), createdAt: now });
    }
    return path || '/';
  }
}

function formOf(ids: CorrelationIds, ctx: SandboxContext): Map<string, FormPart> {
  const boundary = multipartBoundary(ctx.req.headers['content-type']);
  if (!boundary) throw invalidInput(ids, 'Content-Type must be multipart/form-data');
  try {
    return new Map(parseMultipart(ctx.rawBody, boundary).map((p) => [p.name, p]));
  } catch (err) {
    throw invalidInput(ids, err instanceof Error ? err.message : String(err));
  }
}

const text = (part: FormPart | undefined): string | undefined =>
  part ? part.data.toString('utf8') || undefined : undefined;

function parseOptions<T>(ids: CorrelationIds, schema: z.ZodType<T>, part: FormPart | undefined): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text(part) ?? '{}');
  } catch {
    throw invalidInput(ids, 'options is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw invalidInput(
      ids,
      `options: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

function folderPathOf(files: PortalFiles, folderId: string | undefined): string | undefined {
  for (const [path, folder] of files.folders) if (folder.id === folderId) return path;
  return undefined;
}

function splitName(fileName: string): { base: string; extension: string } {
  const dot = fileName.lastIndexOf('.');
  return dot > 0
    ? { base: fileName.slice(0, dot), extension: fileName.slice(dot + 1).toLowerCase() }
    : { base: fileName, extension: '' };
}

/** A file as the Files API answers it (the SDK's File model). */
export function fileJson(f: StoredFile): Record<string, unknown> {
  const url = `https://api-na1.hubspot.com/filemanager/api/v3/files/view/${f.id}/signed-url-redirect`;
  return {
    id: f.id,
    createdAt: new Date(f.createdAt).toISOString(),
    updatedAt: new Date(f.updatedAt).toISOString(),
    archived: false,
    parentFolderId: f.folderId,
    name: f.name,
    path: f.path,
    size: f.data.length,
    type: DOCUMENT.has(f.extension) ? 'DOCUMENT' : 'OTHER',
    extension: f.extension,
    access: f.access,
    isUsableInContent: false,
    url,
    fileMd5: createHash('md5').update(f.data).digest('hex'),
  };
}

function folderJson(path: string, folder: { id: string; createdAt: number }): Record<string, unknown> {
  const at = new Date(folder.createdAt).toISOString();
  return {
    id: folder.id,
    createdAt: at,
    updatedAt: at,
    archived: false,
    name: path.split('/').pop() ?? '',
    path,
  };
}
