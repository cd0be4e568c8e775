import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Redis } from 'ioredis';
import type { Histogram } from 'prom-client';
import { ApiKeyVerifier } from './api-keys.ts';
import { installProblemHandler, sendProblem } from './problem.ts';
import { SESSION_COOKIE, SESSION_TTL_MS, SessionStore } from './sessions.ts';
import type { AnyDb } from '../store/migrations.ts';

/**
 * Who may call a route, declared on the route (`config: { auth: … }`), never by path lists:
 * `apiKey` (the default) wants `x-api-key`; `dashboard` also takes the browser session cookie
 * (made from `?key=` once); `public` is open (health, metrics, API docs).
 */
export type RouteAuth = 'public' | 'apiKey' | 'dashboard';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    /** SHA-256 of the caller's API key ('' on public routes). */
    apiKeyHash: string;
  }
}

export interface HttpConfig {
  bodyLimit: number;
  rateLimitPerMinute: number;
  logLevel: string;
  title: string;
  /** Where browser sessions are valid (the dashboards' common prefix). */
  dashboardPath?: string;
}

export interface AppDeps {
  db: AnyDb;
  config: HttpConfig;
  requestDuration?: Histogram<'method' | 'route' | 'status'>;
  redis?: Redis;
}

const DOCS_PREFIX = '/docs';
const authOf = (request: FastifyRequest): RouteAuth => request.routeOptions.config?.auth ?? 'apiKey';

/** The longest path segment (an id) the router takes; longer ones are a 414. */
export const MAX_PATH_PARAM_LENGTH = 1000;

/**
 * The Fastify app shared by every system's HTTP surface: JSON only (anything else is 415), a body
 * limit (413), API keys in `x-api-key` checked against stored hashes (401), a per-key rate limit
 * (429 with Retry-After; kept in Redis when given, so all API processes share it), OpenAPI at
 * /docs, request latency in the metrics, and errors as application/problem+json.
 */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const dashboardPath = deps.config.dashboardPath ?? '/dashboard';
  const app = Fastify({
    bodyLimit: deps.config.bodyLimit,
    logger: { level: deps.config.logLevel },
    // removeAdditional: false — Fastify's ajv strips unknown fields by default, which makes
    // `additionalProperties: false` a silent drop (and breaks `oneOf` bodies: a failed branch
    // strips the fields the next one needs); unknown fields are a 400 naming them instead.
    ajv: { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false } },
    // Ids in paths (a user to erase, a comment) may be as long as the bodies allow (≤ 500
    // characters), so whatever was accepted can be read and deleted by its id.
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // The router's own refusals (a malformed or too long path) as problem+json like every error.
    frameworkErrors: (error, _request, reply) =>
      sendProblem(reply, {
        status: error.statusCode ?? 400,
        detail:
          error.code === 'FST_ERR_MAX_PARAM_LENGTH'
            ? `a path segment is longer than ${MAX_PATH_PARAM_LENGTH} characters`
            : `the path is not a valid URL (${error.message})`,
      }),
  });
  app.removeContentTypeParser('text/plain');
  // An empty body sent as application/json (a DELETE from a client that always sets the header)
  // is no body; a route that needs one still answers 400 naming it.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else parseJson(request, String(body), done);
  });
  installProblemHandler(app);
  // The API docs' own routes (registered by the swagger UI plugin) are open.
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`))
      route.config = { ...route.config, auth: 'public' };
  });

  await app.register(swagger, {
    openapi: {
      info: { title: deps.config.title, version: '0.1.0' },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });

  const verifier = new ApiKeyVerifier(deps.db);
  const sessions = new SessionStore(deps.db);
  await app.register(cookie);
  app.decorateRequest('apiKeyHash', '');

  /** A browser passes the key once as ?key=…, gets a session cookie, and the key leaves the URL. */
  const dashboardAuth = async (request: FastifyRequest, reply: FastifyReply, path: string) => {
    const key = new URLSearchParams(request.url.slice(path.length)).get('key');
    const keyHash = key ? await verifier.verify(key) : null;
    if (keyHash) {
      const token = await sessions.open(keyHash);
      reply.setCookie(SESSION_COOKIE, token, {
        path: dashboardPath,
        httpOnly: true,
        sameSite: 'strict',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return reply.redirect(path, 303);
    }
    const sessionKey = key ? null : await sessions.verify(request.cookies[SESSION_COOKIE]);
    if (sessionKey) {
      request.apiKeyHash = sessionKey;
      return;
    }
    return sendProblem(reply, {
      status: 401,
      title: 'Unauthorized',
      detail: key
        ? 'the key in ?key= is not valid'
        : `open ${path}?key=YOUR_API_KEY once; the browser then keeps a session cookie`,
    });
  };

  app.addHook('onRequest', async (request, reply) => {
    const auth = authOf(request);
    if (auth === 'public') return;
    const header = request.headers['x-api-key'];
    if (!header && auth === 'dashboard') return dashboardAuth(request, reply, request.url.split('?')[0]!);
    const hash = await verifier.verify(Array.isArray(header) ? header[0] : header);
    if (!hash) {
      return sendProblem(reply, {
        status: 401,
        title: 'Unauthorized',
        detail: header ? 'the API key in x-api-key is not valid' : 'send an API key in the x-api-key header',
      });
    }
    request.apiKeyHash = hash;
  });

  await app.register(rateLimit, {
    max: deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    redis: deps.redis,
    nameSpace: 'mlsd-rate-limit-',
    keyGenerator: (request) => request.apiKeyHash || request.ip,
    allowList: (request) => authOf(request) === 'public',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `rate limit of ${context.max} requests per minute exceeded; retry after ${context.after}`,
    }),
  });

  if (deps.requestDuration) {
    const histogram = deps.requestDuration;
    app.addHook('onResponse', async (request, reply) => {
      histogram.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unknown',
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
  }
  return app;
}
