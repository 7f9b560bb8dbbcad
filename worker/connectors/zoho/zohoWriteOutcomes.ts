import { z } from 'zod';
import { VendorError } from '../errors';
import { recordError } from './zohoErrors';
import { parseAnswer, zohoActionAnswer, zohoWriteDetails } from './zohoSchemas';

/**
 * What a records write did, record by record in the order given: Zoho answers 200/201 when all
 * succeeded, 207 when some did, 400 when none did, always with one status per record (the SDK's
 * ActionWrapper of SuccessResponse | APIException). Nothing of a partly failed write is thrown:
 * each caller decides per record.
 */
export type ZohoWriteOutcome =
  | {
      ok: true;
      index: number;
      id: string;
      action: 'insert' | 'update';
      /** Upsert: the field that matched an existing record (null when it inserted). */
      duplicateField: string | null;
    }
  | {
      ok: false;
      index: number;
      code: string;
      error: VendorError;
      /** DUPLICATE_DATA: the record already holding the unique value. */
      duplicateRecordId?: string;
    };

export type ZohoWriteKind = 'create' | 'update' | 'upsert';

const upsertExtras = z.looseObject({
  action: z.enum(['insert', 'update']).optional(),
  duplicate_field: z.string().nullish(),
});

const duplicateRecord = z.looseObject({ duplicate_record: z.looseObject({ id: z.string() }) });

export function writeOutcomes(body: unknown, kind: ZohoWriteKind, sent: number): ZohoWriteOutcome[] {
  const answer = parseAnswer(zohoActionAnswer, body, 'a records write');
  if (answer.data.length !== sent)
    throw new VendorError(
      'retryable',
      'zoho',
      `write answered ${answer.data.length} statuses for ${sent} records`,
    );
  return answer.data.map((status, index): ZohoWriteOutcome => {
    if (status.status === 'error') {
      const holder = duplicateRecord.safeParse(status.details ?? {});
      return {
        ok: false,
        index,
        code: status.code,
        error: recordError(status, index),
        ...(holder.success ? { duplicateRecordId: holder.data.duplicate_record.id } : {}),
      };
    }
    const details = parseAnswer(zohoWriteDetails, status.details, `record ${index} written`);
    const extras = parseAnswer(upsertExtras, status, `record ${index} upserted`);
    return {
      ok: true,
      index,
      id: details.id,
      action: extras.action ?? (kind === 'update' ? 'update' : 'insert'),
      duplicateField: extras.duplicate_field ?? null,
    };
  });
}

/** The one record of a single-record write, or its error thrown. */
export function written(outcomes: readonly ZohoWriteOutcome[]): Extract<ZohoWriteOutcome, { ok: true }> {
  const [outcome] = outcomes;
  if (!outcome) throw new VendorError('retryable', 'zoho', 'write answered no record');
  if (!outcome.ok) throw outcome.error;
  return outcome;
}
