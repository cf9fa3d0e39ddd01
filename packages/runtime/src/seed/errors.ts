/** What seeding reports when the records cannot be loaded as written. */
export class SeedError extends Error {
  constructor(
    message: string,
    /** The table the problem is in, `schema.name`, when there is one. */
    readonly table: string | null = null,
  ) {
    super(message);
    this.name = 'SeedError';
  }
}
