import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * SQLite copies its write-ahead log back into the database file (and fsyncs both) inside whichever
 * commit pushes the log past 1,000 pages. better-sqlite3 runs synchronously, so that one commit
 * stalls the event loop for every request in flight: in one system's decide benchmark 209 of 25,000
 * commits took over 5 ms, every one of them such a checkpoint. Here a worker thread with its own
 * connection checkpoints instead, in PASSIVE mode (it never blocks a reader or a writer), and the
 * service's connection checkpoints itself only as a fallback, at ten times the default log size.
 */
export const WORKER_CHECKPOINT_PAGES = 1000;
export const FALLBACK_CHECKPOINT_PAGES = 10 * WORKER_CHECKPOINT_PAGES;
/** How often the log size is looked at, and how often the worker checkpoints once started. */
const INTERVAL_MS = 200;

// Eval'd (not a file path) so that the same code runs from the sources under tsx and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
checkpoint();
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

/**
 * Checkpoints one SQLite file from a worker thread. The thread starts only once the log first
 * reaches WORKER_CHECKPOINT_PAGES, so a short-lived store (a CLI command, a test) never pays for it.
 */
export class OffThreadCheckpointer {
  private worker: Worker | undefined;
  private readonly watch: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly path: string,
    database: Database.Database,
  ) {
    database.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    const pageSize = Number(database.pragma('page_size', { simple: true }));
    const threshold = WORKER_CHECKPOINT_PAGES * pageSize;
    this.watch = setInterval(() => {
      if (walBytes(path) >= threshold) this.start();
    }, INTERVAL_MS);
    this.watch.unref();
  }

  /** Whether the worker thread runs (for tests and diagnostics). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  start(): void {
    if (this.worker || this.stopped) return;
    clearInterval(this.watch);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, path: this.path, intervalMs: INTERVAL_MS },
    });
    this.worker.unref();
    // A failed checkpoint costs nothing but a larger log (the fallback still bounds it): say so.
    this.worker.on('message', (message) => process.emitWarning(`WAL checkpoint of ${this.path}: ${message}`));
    this.worker.on('error', (error) =>
      process.emitWarning(`WAL checkpoint thread of ${this.path} stopped: ${String(error)}`),
    );
  }

  /** Stops the thread and closes its connection (before the service's own, which is then the last). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watch);
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // Referenced while we wait: with only an unreferenced thread to wait for, Node would see
    // nothing left to do and end the process in the middle of the caller's close.
    worker.ref();
    worker.postMessage('close');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    await worker.terminate();
  }
}

function walBytes(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
