import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Each invalid part of the request: `field` is where (`body.comments.2.text`), `message` what. */
  errors?: { field: string; message: string }[];
}

export type ProblemInput = Omit<Problem, 'type' | 'title'> & { type?: string; title?: string };

/** The standard reason phrase of every status the platform answers with. */
export const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const titleOf = (status: number): string =>
  STATUS_TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');

export function sendProblem(reply: FastifyReply, problem: ProblemInput): FastifyReply {
  const { type, title, ...rest } = problem;
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ type: type ?? 'about:blank', title: title ?? titleOf(problem.status), ...rest });
}

/**
 * Thrown by a handler (or from inside a store transaction, which it then rolls back) to answer
 * with this problem instead of a 500.
 */
export class ProblemError extends Error {
  readonly problem: ProblemInput;
  constructor(problem: ProblemInput) {
    super(problem.detail);
    this.name = 'ProblemError';
    this.problem = problem;
  }
}

/** One error of Fastify's schema validator (ajv), as much of it as is read here. */
interface ValidationIssue {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params?: Record<string, unknown>;
  message?: string;
}

/**
 * A body that fits none of a `oneOf`/`anyOf`'s shapes gets errors from every shape; the client
 * meant one of them. That is the shape that knows the most of the body's fields (fewest "not
 * allowed" fields where the alternatives start; ties go to the first, documented shape) — its
 * errors are reported, the others' dropped, level by level from the outside in.
 */
function errorsOfIntendedShapes(issues: ValidationIssue[]): ValidationIssue[] {
  // if/then/else adds a summary error ("must match else schema") on top of the real ones.
  let remaining = issues.filter((issue) => issue.keyword !== 'if');
  const kept = new Set<ValidationIssue>();
  for (;;) {
    const combinator = remaining
      .filter((issue) => (issue.keyword === 'oneOf' || issue.keyword === 'anyOf') && !kept.has(issue))
      .sort((a, b) => a.schemaPath.length - b.schemaPath.length)[0];
    if (!combinator) return remaining;
    const prefix = `${combinator.schemaPath}/`;
    const branchOf = (issue: ValidationIssue): number | undefined =>
      issue.schemaPath.startsWith(prefix)
        ? Number(issue.schemaPath.slice(prefix.length).split('/')[0])
        : undefined;
    const unknownFields = new Map<number, number>();
    for (const issue of remaining) {
      const branch = branchOf(issue);
      if (branch === undefined) continue;
      const unknown =
        issue.keyword === 'additionalProperties' && issue.instancePath === combinator.instancePath;
      unknownFields.set(branch, (unknownFields.get(branch) ?? 0) + (unknown ? 1 : 0));
    }
    if (unknownFields.size === 0) {
      kept.add(combinator); // more than one shape matched (oneOf): that summary is the error
      continue;
    }
    const [intended] = [...unknownFields].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0]!;
    remaining = remaining.filter((issue) => {
      if (issue === combinator) return false;
      const branch = branchOf(issue);
      return branch === undefined || branch === intended;
    });
  }
}

/** Fastify's validation errors as `{field, message}`: `body.comments.0.text` "is required". */
export function validationProblems(
  issues: ValidationIssue[],
  context = 'body',
): { field: string; message: string }[] {
  return errorsOfIntendedShapes(issues).map((issue) => {
    const path = `${context}${issue.instancePath.replaceAll('/', '.')}`;
    if (issue.keyword === 'required' && issue.params && 'missingProperty' in issue.params)
      return { field: `${path}.${String(issue.params.missingProperty)}`, message: 'is required' };
    if (issue.keyword === 'additionalProperties' && issue.params && 'additionalProperty' in issue.params)
      return {
        field: `${path}.${String(issue.params.additionalProperty)}`,
        message: 'is not allowed (not a field of this request)',
      };
    if (issue.keyword === 'enum' && Array.isArray(issue.params?.allowedValues))
      return {
        field: path,
        message: `must be one of ${issue.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    return { field: path, message: issue.message ?? 'is invalid' };
  });
}

/** Maps every error, Fastify's own included, to problem+json with a human sentence. */
export function installProblemHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, { status: 404, detail: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ProblemError) return sendProblem(reply, error.problem);
    if (error.validation) {
      const errors = validationProblems(error.validation as ValidationIssue[], error.validationContext);
      return sendProblem(reply, {
        status: 400,
        detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
        errors,
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const detail =
      status === 413
        ? `the body is larger than the limit of ${app.initialConfig.bodyLimit} bytes`
        : status === 415
          ? `content type "${request.headers['content-type'] ?? '(none)'}" is not supported: send application/json`
          : status >= 500
            ? 'internal error'
            : error.message;
    return sendProblem(reply, { status, detail });
  });
}
