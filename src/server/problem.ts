/**
 * RFC 9457 problem details for every error the control plane returns: one constructor per problem
 * code, an error class routes throw, and the reply helper that sends `application/problem+json`.
 */
import type { FastifyReply } from 'fastify';
import type { Problem, ProblemCode, ProblemFieldError } from '../core/wire/types';
import { PROBLEM_CODES, PROBLEM_TYPE_PREFIX } from '../core/catalog/problem-codes';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function makeProblem(
  code: ProblemCode,
  detail: string,
  extra: { instance?: string; errors?: ProblemFieldError[]; currentResourceVersion?: string } = {},
): Problem {
  const { status, title } = PROBLEM_CODES[code];
  const problem: Problem = { type: PROBLEM_TYPE_PREFIX + code, title, status, code, detail };
  if (extra.instance !== undefined) problem.instance = extra.instance;
  if (extra.errors && extra.errors.length > 0) problem.errors = extra.errors;
  if (extra.currentResourceVersion !== undefined)
    problem.currentResourceVersion = extra.currentResourceVersion;
  return problem;
}

/** Thrown inside routes and the store callbacks; the error handler turns it into a problem response. */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }
}

export function problemError(
  code: ProblemCode,
  detail: string,
  extra: { errors?: ProblemFieldError[]; currentResourceVersion?: string } = {},
): ProblemError {
  return new ProblemError(makeProblem(code, detail, extra));
}

export function sendProblem(
  reply: FastifyReply,
  problem: Problem,
  extensions: Record<string, unknown> = {},
): FastifyReply {
  const body = { ...problem, instance: problem.instance ?? reply.request.url.split('?')[0], ...extensions };
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
