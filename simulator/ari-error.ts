/** A failed ARI request: Asterisk answers `status` with `{"message": message}`. */
export class AriError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 405 | 409 | 412 | 422 | 500 | 501,
    message: string,
  ) {
    super(message);
    this.name = 'AriError';
  }
}
