import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { send } from '../core/http';
import type { SandboxHandler } from '../core/server';
import { api, notFound, parseBody, sendJson, type ApiDeps, type Route } from './api';
import { hubspotError, invalidInput } from './errors';
import type { ObjectType } from './objectTypes';

/**
 * The HubSpot project's app-event components, the event types HubSpot creates on upload. They wait
 * outside `src/` until HubSpot approves app events for the app (a marketplace app only).
 */
export const PROJECT_APP_EVENTS_DIR = path.resolve(__dirname, '../../hubspot-project/app-events');

const OBJECT_OF: Record<string, ObjectType> = { COMPANY: 'companies', CONTACT: 'contacts', DEAL: 'deals' };

const eventTypeSchema = z.object({
  uid: z.string(),
  type: z.literal('app-event'),
  config: z.object({
    objectType: z.string(),
    properties: z
      .array(
        z.object({
          name: z.string(),
          type: z.enum(['string', 'number', 'date', 'enumeration']),
          options: z.array(z.object({ value: z.string() })).optional(),
        }),
      )
      .default([]),
  }),
});
export type AppEventType = z.infer<typeof eventTypeSchema>;

/** Read from the project folder each time, so an edit there is what the emulator accepts. */
export function projectEventTypes(dir = PROJECT_APP_EVENTS_DIR): AppEventType[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('-hsmeta.json'))
    .map((f) => eventTypeSchema.parse(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))));
}

// POST /integrators/timeline/v4/events: the occurrence fields of HubSpot's app events API.
const occurrenceSchema = z.strictObject({
  eventTypeName: z.string().min(1),
  objectId: z.string().regex(/^\d+$/, 'must be a record ID'),
  id: z.string().min(1).optional(),
  timestamp: z.iso.datetime().optional(),
  properties: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});

export interface StoredOccurrence {
  portalId: number;
  eventTypeName: string;
  objectType: ObjectType;
  objectId: string;
  id: string;
  timestamp: string;
  properties: Record<string, string | number>;
}

/**
 * HubSpot's app events (timeline) API, held to its published contract: occurrences of the project's
 * event types only (an unknown `eventTypeName` is a 404), properties the type declares (others are a
 * 400), a record that exists, and an `id` unique per event type (a second one is a 409 CONFLICT).
 * Occurrences are immutable. Needs the `timeline` scope.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/send-event-occurrences
 */
export class HubSpotTimeline {
  private occurrences: StoredOccurrence[] = [];

  constructor(private readonly eventTypes: () => AppEventType[] = () => projectEventTypes()) {}

  routes(on: Route, deps: ApiDeps): void {
    on(
      'POST',
      '/integrators/timeline/v4/events',
      api(
        deps,
        () => 'timeline',
        ({ ctx, grant, store }) => {
          const input = parseBody(deps.ids, occurrenceSchema, ctx.body);
          const type = this.eventTypes().find((t) => t.uid === input.eventTypeName);
          if (!type)
            throw hubspotError(
              deps.ids,
              404,
              'OBJECT_NOT_FOUND',
              `Event type ${input.eventTypeName} not found.`,
            );
          const declared = new Map(type.config.properties.map((p) => [p.name, p]));
          for (const [name, value] of Object.entries(input.properties)) {
            const property = declared.get(name);
            if (!property) throw invalidInput(deps.ids, `Property ${name} is not defined on the event type.`);
            if (property.type === 'number' && typeof value !== 'number')
              throw invalidInput(deps.ids, `Property ${name} must be a number.`);
            if (property.options && !property.options.some((o) => o.value === value))
              throw invalidInput(deps.ids, `${String(value)} is not an option of property ${name}.`);
          }
          const objectType = OBJECT_OF[type.config.objectType];
          if (!objectType || !store.find(objectType, input.objectId))
            throw notFound(deps.ids, input.objectId);
          const id = input.id ?? deps.ids();
          if (this.occurrences.some((o) => o.eventTypeName === type.uid && o.id === id))
            throw hubspotError(deps.ids, 409, 'CONFLICT', `An event with id ${id} already exists.`);
          const occurrence: StoredOccurrence = {
            portalId: grant.portalId,
            eventTypeName: type.uid,
            objectType,
            objectId: input.objectId,
            id,
            timestamp: input.timestamp ?? new Date(deps.now()).toISOString(),
            properties: input.properties,
          };
          this.occurrences.push(occurrence);
          const { portalId: _portalId, ...body } = occurrence;
          sendJson(ctx, 201, body);
        },
      ),
    );
  }

  /** Control API: what a record's timeline holds (`?objectType=deals&objectId=…`). */
  readRoute(): SandboxHandler {
    return ({ res, url }) => {
      const objectType = url.searchParams.get('objectType');
      const objectId = url.searchParams.get('objectId');
      send(
        res,
        200,
        this.occurrences.filter(
          (o) => (!objectType || o.objectType === objectType) && (!objectId || o.objectId === objectId),
        ),
      );
    };
  }

  reset(): void {
    this.occurrences = [];
  }
}
