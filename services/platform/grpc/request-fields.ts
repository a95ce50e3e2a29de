import { z } from 'zod';

/** A free-text request field of at most `max` characters, with the message every service gives. */
export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
