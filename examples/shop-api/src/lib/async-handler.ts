import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Express 4 does not forward rejected promises to the error handler; this wrapper does.
 * The generics describe the request *after* the `validate` middleware has run.
 */
export function asyncHandler<P = Record<string, string>, B = unknown, Q = Record<string, unknown>>(
  fn: (req: Request<P, unknown, B, Q>, res: Response, next: NextFunction) => Promise<unknown>,
): RequestHandler {
  return (req, res, next) => {
    fn(req as unknown as Request<P, unknown, B, Q>, res, next).catch(next);
  };
}
