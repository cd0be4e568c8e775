import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

export function sendProblem(
  reply: FastifyReply,
  problem: Omit<Problem, 'type'> & { type?: string },
): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ type: problem.type ?? 'about:blank', ...problem });
}

/** Maps every error, Fastify's own included, to problem+json with a human sentence. */
export function installProblemHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      title: 'Not Found',
      detail: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      // if/then/else schemas add a summary error ("must match else schema") on top of the real ones.
      const errors = error.validation
        .filter((v) => v.keyword !== 'if')
        .map((v) => ({
          field: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}${v.params && 'missingProperty' in v.params ? `.${String(v.params.missingProperty)}` : ''}`,
          message: v.message ?? 'is invalid',
        }));
      return sendProblem(reply, {
        status: 400,
        title: 'Bad Request',
        detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
        errors,
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const titles: Record<number, string> = {
      400: 'Bad Request',
      401: 'Unauthorized',
      413: 'Payload Too Large',
      415: 'Unsupported Media Type',
      429: 'Too Many Requests',
    };
    const detail =
      status === 413
        ? `the body is larger than the limit of ${app.initialConfig.bodyLimit} bytes`
        : status === 415
          ? `content type "${request.headers['content-type'] ?? '(none)'}" is not supported: send application/json`
          : status >= 500
            ? 'internal error'
            : error.message;
    return sendProblem(reply, {
      status,
      title: titles[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error'),
      detail,
    });
  });
}
