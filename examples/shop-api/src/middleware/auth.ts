import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import { config } from '../config.js';
import { forbidden, unauthorized } from '../lib/http-error.js';

export type Role = 'customer' | 'admin';

export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}

interface TokenClaims {
  sub: string;
  email: string;
  role: Role;
}

export function signAccessToken(user: AuthUser): string {
  const claims: TokenClaims = { sub: user.id, email: user.email, role: user.role };
  return jwt.sign(claims, config.jwt.secret, {
    algorithm: 'HS256',
    expiresIn: config.jwt.expiresInSeconds,
    issuer: config.jwt.issuer,
  });
}

function verifyAccessToken(token: string): AuthUser {
  try {
    const payload = jwt.verify(token, config.jwt.secret, {
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
    });
    if (typeof payload === 'string' || typeof payload.sub !== 'string') {
      throw unauthorized('Malformed access token');
    }
    const { sub, email, role } = payload as jwt.JwtPayload & Partial<TokenClaims>;
    if (typeof email !== 'string' || (role !== 'customer' && role !== 'admin')) {
      throw unauthorized('Malformed access token');
    }
    return { id: sub as string, email, role };
  } catch (err) {
    if (err instanceof jwt.TokenExpiredError) throw unauthorized('Access token has expired');
    if (err instanceof jwt.JsonWebTokenError) throw unauthorized('Invalid access token');
    throw err;
  }
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    throw unauthorized('Authorization header must use the Bearer scheme');
  }
  return token;
}

/** Requires a valid bearer token and exposes its claims as `req.user`. */
export const authenticate: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  try {
    const token = bearerToken(req);
    if (!token) throw unauthorized();
    req.user = verifyAccessToken(token);
    next();
  } catch (err) {
    next(err);
  }
};

/** Like `authenticate`, but anonymous requests are let through without `req.user`. */
export const optionalAuth: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  try {
    const token = bearerToken(req);
    if (token) req.user = verifyAccessToken(token);
    next();
  } catch (err) {
    next(err);
  }
};

/** Must run after `authenticate`. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) return next(unauthorized());
    if (!roles.includes(req.user.role)) return next(forbidden(`Requires role: ${roles.join(' or ')}`));
    next();
  };
}

/** The authenticated user of a request that went through `authenticate`. */
export function currentUser(req: Request<unknown, unknown, unknown, unknown>): AuthUser {
  if (!req.user) throw unauthorized();
  return req.user;
}
