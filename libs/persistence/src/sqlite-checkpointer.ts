import { Worker } from 'node:worker_threads';

/**
 * WAL frames the connection itself checkpoints once the log holds this many (SQLite's default is 1,000): a
 * safety net only, so the log stays bounded if the checkpointer thread is not running.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/** How often the checkpointer thread copies the log's new frames into the database file. */
export const CHECKPOINT_INTERVAL_MS = 200;

export interface CheckpointStats {
  /** Checkpoints that found the log changed since the one before. */
  checkpoints: number;
  /** After the latest of them: frames in the log, and how many of those are in the database file. */
  log: number;
  checkpointed: number;
}

/**
 * The thread's code: its own connection to the file, a PASSIVE checkpoint every interval (it never waits
 * for, nor blocks, the writer), progress and errors posted back. Our constant source, not user input.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const report = (error) => parentPort.postMessage({ error: String((error && error.message) || error) });
let db;
try {
  db = new (require(workerData.driver))(workerData.file, { fileMustExist: true });
} catch (error) {
  report(error);
}
let last = '';
const checkpoint = () => {
  if (!db) return;
  try {
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (log + '/' + checkpointed === last) return;
    last = log + '/' + checkpointed;
    parentPort.postMessage({ log, checkpointed });
  } catch (error) {
    report(error);
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  if (db) db.close();
  parentPort.close();
});
`;

/**
 * Moves SQLite's WAL checkpoints off the event loop. Left to itself the writing connection checkpoints
 * every 1,000 frames inside a commit, and the commit waits for two fsyncs: measured on the public survey
 * submit, 40–100 µs of wall time per answer during which the process served nothing. Here a worker thread
 * with its own connection checkpoints every CHECKPOINT_INTERVAL_MS; the writer only appends to the log.
 */
export class SqliteCheckpointer {
  private worker?: Worker;
  private exited?: Promise<void>;
  private readonly progress: CheckpointStats = { checkpoints: 0, log: 0, checkpointed: 0 };

  constructor(
    private readonly file: string,
    private readonly onError: (message: string) => void,
    private readonly intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {}

  get stats(): CheckpointStats {
    return { ...this.progress };
  }

  start(): void {
    if (this.worker) return;
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: { file: this.file, driver: require.resolve('better-sqlite3'), intervalMs: this.intervalMs },
    });
    worker.on('message', (message: { log: number; checkpointed: number } | { error: string }) => {
      if ('error' in message) return this.onError(message.error);
      this.progress.checkpoints++;
      this.progress.log = message.log;
      this.progress.checkpointed = message.checkpointed;
    });
    worker.on('error', (error: unknown) => this.onError(String((error as Error)?.message ?? error)));
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    // Never what keeps the process alive; stop() is called on shutdown.
    worker.unref();
    this.worker = worker;
  }

  /** A last checkpoint, then the thread's connection closes and the thread ends. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.postMessage('stop');
    await this.exited;
  }
}
