/** The studio's one error type: what the browser is told, with the HTTP status it gets. */
export class StudioError extends Error {
  constructor(
    /** 400 bad request, 403 refused, 404 unknown, 409 conflict, 422 refused by the database. */
    readonly status: number,
    message: string,
    /** Extra JSON the client shows beside the message (conflicting rows, say). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}
