import type { AuthUser } from '../middleware/auth.js';

declare global {
  namespace Express {
    interface Request {
      /** Set by the `authenticate` / `optionalAuth` middleware. */
      user?: AuthUser;
    }
  }
}

export {};
