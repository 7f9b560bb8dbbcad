import { z } from 'zod';

/**
 * The collection schedule as settings hold it, validated (the payments settings section). Apart
 * from collectionSchedule.ts so the collection workflow's bundle carries no zod; copied into the
 * HubSpot settings page with the mapping settings (scripts/hubspotSharedCopies.ts), so it imports
 * only zod. Its output is collectionSchedule.ts's CollectionSchedule (checked in its unit test).
 */
export const collectionScheduleSchema = z
  .object({
    /** Days after the due date (0 = on it), strictly increasing. */
    reminderDays: z.array(z.int().min(0).max(365)).max(20),
    /** Failed processor attempts after which the invoice's owner gets a task. */
    ownerTaskAfterFailedAttempts: z.int().min(1).max(50),
    /** Days after the due date. */
    escalationDay: z.int().min(0).max(730),
  })
  .refine((schedule) => schedule.reminderDays.every((day, i, days) => i === 0 || day > (days[i - 1] ?? -1)), {
    message: 'must be strictly increasing',
    path: ['reminderDays'],
  });
