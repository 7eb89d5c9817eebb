/**
 * What a Nest handler reads, from its parameter decorators: `@Query('page')`, `@Body('user')` name
 * one field; `@Query() q: ListQuery` and `@Body() dto: CreateUserDto` read the DTO's fields. Also
 * how its input is validated: by pipes on the parameter (`@Body(new ZodValidationPipe(s))`) or
 * the DTO's class-validator decorators / `createZodDto` base.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { stringLiteral } from '../ast.js';
import { evaluateString } from '../evaluate.js';
import type { ProjectIndex } from '../graph.js';
import type { NestRoute } from './controllers.js';
import { decoratorsOf } from './decorators.js';
import { dtoOfType } from './dto.js';
import { refOf, type Ref } from './refs.js';

export interface HandlerInput {
  query: string[];
  body: string[];
  /** `@Param('id')` names (the path itself is the better source; these fill gaps). */
  path: string[];
  /** Pipes given to parameter decorators. */
  pipes: Ref[];
  /** Validation the DTOs carry ('class-validator', 'zod'). */
  dtoValidation: string | undefined;
}

const SOURCES: Readonly<Record<string, 'query' | 'body' | 'path'>> = { Query: 'query', Body: 'body', Param: 'path' };

const typeOf = (param: Node): Node | null | undefined => {
  const target = param.type === 'TSParameterProperty' ? param.parameter : param;
  return (target as { typeAnnotation?: Node | null }).typeAnnotation;
};

export function handlerInput(index: ProjectIndex, route: NestRoute): HandlerInput {
  const input: HandlerInput = { query: [], body: [], path: [], pipes: [], dtoValidation: undefined };
  const module: ParsedModule = route.module;
  const add = (list: string[], names: string[]) => {
    for (const name of names) if (!list.includes(name)) list.push(name);
  };
  for (const param of route.node.value.params) {
    for (const use of decoratorsOf(param as Node)) {
      const source = SOURCES[use.name];
      if (!source) continue;
      const [first, ...rest] = use.args as Node[];
      const key = first ? (stringLiteral(first) ?? evaluateString(index, module, first)) : undefined;
      const pipes = key === undefined && first ? [first, ...rest] : rest;
      for (const pipe of pipes) {
        const ref = refOf(index, module, pipe);
        if (ref) input.pipes.push(ref);
      }
      // `@Body('user') user: CreateUserDto` reads one field, which the pipe validates as the DTO.
      const dto = dtoOfType(index, module, typeOf(param as Node));
      if (key !== undefined) add(input[source], [key]);
      else if (source !== 'path') add(input[source], dto.fields);
      input.dtoValidation ??= dto.validation;
    }
  }
  return input;
}
