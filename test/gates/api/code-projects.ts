/**
 * Small route files in the three styles the API code rules are tested in. Each builder puts the
 * first route line at a known line, so assertions can name `file:line`.
 */

/** Express: routes start at line 3 of `src/app.ts`. */
export const express = (...routes: string[]): Record<string, string> => ({
  'src/app.ts': ["import express from 'express';", 'const app = express();', ...routes, 'export default app;', ''].join('\n'),
});

/** Fastify: routes start at line 3 of `src/server.ts`. */
export const fastify = (...routes: string[]): Record<string, string> => ({
  'src/server.ts': ["import Fastify from 'fastify';", 'const app = Fastify();', ...routes, 'app.listen({ port: 3000 });', ''].join('\n'),
});

const NEST_IMPORTS = "import { Body, Controller, Delete, Get, HttpCode, HttpStatus, NotFoundException, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';";

/** Nest: `@Controller(prefix)` on line 2 of `src/<name>.controller.ts`, class members from line 4. */
export const nest = (prefix: string, members: string[], name = 'items'): Record<string, string> => ({
  [`src/${name}.controller.ts`]: [NEST_IMPORTS, `@Controller('${prefix}')`, `export class ItemsController {`, ...members.map((m) => `  ${m}`), '}', ''].join('\n'),
});
