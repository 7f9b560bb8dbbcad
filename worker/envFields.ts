import { z } from 'zod';

/** Field types shared by the environment schemas. */
const portMessage = 'must be a TCP port number from 1 to 65535';

export const envFields = {
  port: z.coerce
    .number({ error: portMessage })
    .int({ error: portMessage })
    .min(1, { error: portMessage })
    .max(65_535, { error: portMessage }),
  /** Empty or blank means unset. */
  optionalText: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .optional(),
};
