/**
 * RFC 9457 problem details for every error the control plane returns: one constructor per problem
 * code, an error class routes throw, and the reply helper that sends `application/problem+json`.
 */
import type { FastifyReply } from 'fastify';
import {
  PROBLEM_TYPE_BASE,
  type Problem,
  type ProblemCode,
  type ProblemFieldError,
} from '../core/wire/types';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<ProblemCode, [number, string]> = {
  'bad-request': [400, 'Bad request'],
  invalid: [422, 'Invalid resource'],
  unauthorized: [401, 'Unauthorized'],
  forbidden: [403, 'Forbidden'],
  'not-found': [404, 'Not found'],
  'method-not-allowed': [405, 'Method not allowed'],
  conflict: [409, 'Conflict'],
  'payload-too-large': [413, 'Payload too large'],
  'unsupported-media-type': [415, 'Unsupported media type'],
  'idempotency-key-reused': [422, 'Idempotency key reused with a different request'],
  gone: [410, 'Gone'],
  internal: [500, 'Internal server error'],
  unavailable: [503, 'Service unavailable'],
  'insufficient-storage': [507, 'Insufficient storage'],
};

export function makeProblem(
  code: ProblemCode,
  detail: string,
  extra: { instance?: string; errors?: ProblemFieldError[]; currentResourceVersion?: string } = {},
): Problem {
  const [status, title] = TITLES[code];
  const problem: Problem = { type: PROBLEM_TYPE_BASE + code, title, status, code, detail };
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
