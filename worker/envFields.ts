import { z } from 'zod';

/** Field types shared by the environment schemas. */
const portMessage = 'must be a TCP port number from 1 to 65535';

export const envFields = {
  port: z.coerce
    .number({ error: portMessage })
    .int({ error: portMessage })
    .min(1, { error: portMessage })
    .max(65_535, { error: portMessage }),
  /** A whole number of seconds from min to max. */
  seconds: (min: number, max: number) => {
    const message = `must be a whole number of seconds from ${min} to ${max}`;
    return z.coerce
      .number({ error: message })
      .int({ error: message })
      .min(min, { error: message })
      .max(max, { error: message });
  },
  /** Empty or blank means unset. */
  optionalText: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .optional(),
};
