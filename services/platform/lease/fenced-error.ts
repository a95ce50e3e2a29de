/**
 * A checkpoint write refused because the job's lease (a lease named like the checkpoint) is held
 * by another replica: this one was deposed and must not move the job's progress (fencing).
 */
export class FencedError extends Error {
  constructor(name: string) {
    super(`${name}: another replica holds this job's lease; the write is refused`);
    this.name = 'FencedError';
  }
}
