export interface FieldError {
  path: string;
  message: string;
}

/**
 * An error that maps onto an RFC 9457 problem details response.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly errors: FieldError[] | undefined;

  constructor(status: number, title: string, detail?: string, options: { type?: string; errors?: FieldError[] } = {}) {
    super(detail ?? title);
    this.name = 'HttpError';
    this.status = status;
    this.title = title;
    this.type = options.type ?? 'about:blank';
    this.errors = options.errors;
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new HttpError(400, 'Bad Request', detail, errors ? { errors } : {});
export const unauthorized = (detail = 'Authentication is required') => new HttpError(401, 'Unauthorized', detail);
export const forbidden = (detail = 'You are not allowed to perform this action') => new HttpError(403, 'Forbidden', detail);
export const notFound = (resource: string) => new HttpError(404, 'Not Found', `${resource} not found`);
export const conflict = (detail: string) => new HttpError(409, 'Conflict', detail);
