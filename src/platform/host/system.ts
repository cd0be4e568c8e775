import type { Command } from '@commander-js/extra-typings';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Registry as MetricsRegistry } from 'prom-client';
import type { z } from 'zod';
import type { LiveDoc } from '../docs/live-doc.ts';
import type { AlertNotifier } from '../monitoring/alerts.ts';
import type { JobQueue } from '../queue/queue.ts';
import type { AnyDb, Dialect, MigrationSet } from '../store/migrations.ts';
import type { PlatformEnv } from './platform-env.ts';
import type { QueueOptions } from './queues.ts';

/**
 * One dashboard page of a system, served at `/dashboard/<system>` inside the platform's shell
 * (layout, auth by session cookie, client helpers). `routes` adds the page and its JSON endpoints
 * under that prefix — usually built by `systemDashboard` (platform/dashboard/system-dashboard.ts).
 */
export interface DashboardPanels {
  title: string;
  routes: FastifyPluginAsync;
}

/** A worker loop the host starts (embedded default, or `mlsd worker`) and drains on shutdown. */
export interface Worker {
  name: string;
  start(): void;
  /** Stops taking work and waits for what is in flight. */
  stop(): Promise<void>;
}

/** What the host gives a system when it starts it. */
export interface SystemContext<Config> {
  /** The shared store, typed by the system itself (`ctx.db as Kysely<ItsSchema>`). */
  db: AnyDb;
  dialect: Dialect;
  /** The platform's settings, parsed from the environment once. */
  env: PlatformEnv;
  /** The system's own settings, parsed with its `config` schema. */
  config: Config;
  /** Opens one of the system's queues; on the wire it is `<system>-<name>` (a store table or pg-boss). */
  queue(name: string, options?: QueueOptions): Promise<JobQueue>;
  /** Which queue implementation `queue(name, options)` gives (pg-boss wants larger batches). */
  queueBackend(options?: QueueOptions): 'table' | 'pg-boss';
  /** The one Prometheus registry; the system's metric names start with `mlsd_<system>_`. */
  metrics: MetricsRegistry;
  /** Alerts to MONITORING_WEBHOOK_URL and the alerts metric, labelled with the system's name. */
  alerts: AlertNotifier;
  /** The model registry in the store (shared by every process on the same store). */
  registry: import('../registry/registry.ts').ModelRegistry;
  dataDir: string;
  /** Whether this process runs the system's workers (false for an API-only process). */
  runsWorkers: boolean;
  logger: Logger;
  clock: () => number;
  fetchImpl: typeof fetch;
  /** The host's Redis (REDIS_URL), shared with the rate limits; undefined when none is configured. */
  redis: import('ioredis').Redis | undefined;
}

/** A started system: what the host serves and runs for it. */
export interface SystemRuntime {
  /** The system's HTTP surface, registered under its prefix. */
  routes: FastifyPluginAsync;
  workers?: Worker[];
  /** Named checks for `/readyz`: 'ok' or what is wrong. */
  readiness?: () => Promise<Record<string, string>>;
  /** Facts for `/readyz` beside the checks (e.g. the model version served). */
  status?: () => Record<string, unknown>;
  /** Refreshes gauges before `/metrics` is scraped (e.g. queue depths). */
  beforeScrape?: () => Promise<void>;
  dashboard?: DashboardPanels;
  /**
   * End-user pages served at `/<system>` (outside the API prefix and the OpenAPI document), e.g. a
   * web form for the system's flow. Their routes declare their own auth (`config.auth`).
   */
  pages?: FastifyPluginAsync;
  /** Lines for the start-up banner (e.g. the model version being served). */
  banner?: string[];
  /** Example requests for the banner, given the service's base URL and an API key. */
  tryIt?: (base: string, apiKey: string) => string[];
  /** Flushes and releases what the system holds (after its workers stopped). */
  close?: () => Promise<void>;
}

/**
 * A system as the platform sees it: the only value the host needs. Its tables come as migrations,
 * its settings as a zod schema over the environment, its HTTP surface as a Fastify plugin under
 * `prefix`, its commands as a commander group.
 */
export interface SystemModule<Config = unknown> {
  name: string;
  /** Path prefix of its routes, e.g. '/v1/ads' ('' keeps a system's first-release paths). */
  prefix: string;
  /** Parses the system's settings (the platform's are parsed by the host). */
  config: z.ZodType<Config>;
  migrations: MigrationSet;
  /** Starts the system over the host's shared parts. */
  start(ctx: SystemContext<Config>): Promise<SystemRuntime>;
  /** Its live design doc (docs/<name>/design-doc.md, EN and RU), rendered from measured artifacts. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  doc?: LiveDoc<any>;
  /** Its `mlsd <name> …` command group. */
  commands?: () => Command;
  /**
   * Before `mlsd start` serves: make sure the system has what it needs (e.g. train and register a
   * model when none is), printing progress to stderr.
   */
  prepare?: (options: {
    dataDir: string;
    registry: import('../registry/registry.ts').ModelRegistry;
    /** `mlsd start --data DIR`: the data folder of a system that trains on start. */
    data?: string;
  }) => Promise<void>;
}
