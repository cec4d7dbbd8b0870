import { ExpressAdapter } from '@nestjs/platform-express';
import { Router, type Express, type NextFunction, type Request, type Response } from 'express';

/** Route methods that go to buckets (`all`, `options` and the rest stay on the application router). */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head';

/** How many leading literal segments of a route path name its bucket ("/api/accounts/:id" → "/api/accounts"). */
const KEY_DEPTH = 2;
/** A path segment that matches only itself (no parameter, wildcard, group or escape). */
const LITERAL = /^[A-Za-z0-9._~-]+$/;

interface Bucket {
  /** "/api/accounts": the route paths' leading literal segments, lower-cased when routing ignores case. */
  readonly key: string;
  readonly segments: readonly string[];
  readonly router: ReturnType<typeof Router>;
}

/** One application layer holding buckets created one after another, found by the request path's prefix. */
interface Switchboard {
  readonly layer: (request: Request, response: Response, next: NextFunction) => void;
  /** Buckets by key, each list in creation order (a key gets a second bucket once its first was closed). */
  readonly byKey: Map<string, Bucket[]>;
  /** Creation order of every bucket of this board, to merge the lists of a path's two keys. */
  readonly order: Map<Bucket, number>;
}

/**
 * Nest's Express adapter, with routes grouped by the leading literal segments of their path. Express tries an
 * application's layers one by one, matching each route's pattern against the URL: with ~130 routes, a request
 * for a route registered late went through ~100 failed matches first. Here routes sharing a prefix form a
 * bucket (an Express router of their own), and one application layer finds a request's buckets by its path's
 * first one and two segments.
 *
 * The order Express would have used is kept exactly: a route joins its bucket only while nothing registered
 * after the bucket could also answer a request under its prefix; otherwise the bucket is closed and the next
 * route of that prefix starts a new one. Routes without a literal prefix, `all`/`options` routes and
 * middleware go to the application router as before (they close the buckets they overlap, and the next
 * bucket goes to a new layer after them). OPTIONS requests skip the buckets: no bucketed route answers them,
 * and the reply stays what it was (Nest's 404, not Express's automatic `Allow`).
 */
export class PrefixRoutedExpressAdapter extends ExpressAdapter {
  private open: Bucket[] = [];
  private board: Switchboard | null = null;

  override get(...args: unknown[]) {
    return this.routeOr('get', args, () => super.get(...(args as [string, never])));
  }

  override post(...args: unknown[]) {
    return this.routeOr('post', args, () => super.post(...(args as [string, never])));
  }

  override put(...args: unknown[]) {
    return this.routeOr('put', args, () => super.put(...(args as [string, never])));
  }

  override patch(...args: unknown[]) {
    return this.routeOr('patch', args, () => super.patch(...(args as [string, never])));
  }

  override delete(...args: unknown[]) {
    return this.routeOr('delete', args, () => super.delete(...(args as [string, never])));
  }

  override head(...args: unknown[]) {
    return this.routeOr('head', args, () => super.head(...(args as [string, never])));
  }

  override use(...args: unknown[]) {
    this.open = [];
    return super.use(...args);
  }

  override all(...args: unknown[]) {
    this.closeOverlapping(typeof args[0] === 'string' ? args[0] : '/{*all}');
    return super.all(...(args as [string, never]));
  }

  override options(...args: unknown[]) {
    this.closeOverlapping(typeof args[0] === 'string' ? args[0] : '/{*all}');
    return super.options(...(args as [string, never]));
  }

  /** Layers in the application router (buckets make it far shorter than the number of routes). */
  layerCount(): number {
    return this.stack().length;
  }

  /**
   * `app.get(name)` (one argument) reads a setting; a string path and handlers register a route; any other
   * path (a RegExp, an array) goes to the application router and closes every group, since it may overlap any.
   */
  private routeOr(method: Method, args: unknown[], fallback: () => unknown) {
    if (args.length > 1 && typeof args[0] === 'string') return this.route(method, args[0], args.slice(1));
    if (args.length > 1) this.open = [];
    return fallback();
  }

  private route(method: Method, path: string, handlers: unknown[]) {
    const app = this.getInstance() as Express;
    const segments = literalPrefix(path, this.caseSensitive());
    this.closeOverlapping(path, segments);
    if (!segments.length) {
      (app[method] as (...args: unknown[]) => unknown)(path, ...handlers);
      return this;
    }
    const key = `/${segments.join('/')}`;
    const bucket = this.open.find((b) => b.key === key) ?? this.newBucket(key, segments);
    (bucket.router[method] as (...args: unknown[]) => unknown)(path, ...handlers.map(leavingRouter));
    return this;
  }

  /** A bucket in the last layer's switchboard, or in a new one when other layers came after it. */
  private newBucket(key: string, segments: readonly string[]): Bucket {
    const app = this.getInstance() as Express;
    const bucket: Bucket = {
      key,
      segments,
      router: Router({ caseSensitive: this.caseSensitive(), strict: Boolean(app.get('strict routing')) }),
    };
    const stack = this.stack();
    if (!this.board || stack[stack.length - 1]?.handle !== this.board.layer) {
      this.board = switchboard(this.caseSensitive());
      app.use(this.board.layer);
    }
    this.board.order.set(bucket, this.board.order.size);
    this.board.byKey.set(key, [...(this.board.byKey.get(key) ?? []), bucket]);
    this.open.push(bucket);
    return bucket;
  }

  private stack(): { handle: unknown }[] {
    return (this.getInstance() as unknown as { router: { stack: { handle: unknown }[] } }).router.stack;
  }

  private caseSensitive(): boolean {
    return Boolean((this.getInstance() as Express).get('case sensitive routing'));
  }

  /** Closes the buckets a request for `path` could also fall into (except `path`'s own, which stays open). */
  private closeOverlapping(path: string, own: readonly string[] = []) {
    const segments = path.split('/').slice(1);
    const fold = (s: string) => (this.caseSensitive() ? s : s.toLowerCase());
    this.open = this.open.filter(
      (bucket) =>
        (own.length > 0 && sameSegments(bucket.segments, own)) || disjoint(bucket.segments, segments, fold),
    );
  }
}

/** The literal segments a route path starts with, up to KEY_DEPTH; empty when it starts with a parameter. */
function literalPrefix(path: string, caseSensitive: boolean): string[] {
  const segments: string[] = [];
  for (const segment of path.split('/').slice(1, KEY_DEPTH + 1)) {
    if (!LITERAL.test(segment)) break;
    segments.push(caseSensitive ? segment : segment.toLowerCase());
  }
  return segments;
}

/**
 * True when no request can match both a route of these path segments and the bucket's prefix: the route
 * ends above the bucket's depth or names another literal before any parameter or wildcard.
 */
function disjoint(key: readonly string[], route: readonly string[], fold: (s: string) => string): boolean {
  for (let i = 0; i < key.length; i++) {
    const segment = route[i];
    if (segment === undefined) return true;
    if (!LITERAL.test(segment)) return false;
    if (fold(segment) !== key[i]) return true;
  }
  return false;
}

function sameSegments(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Requests whose handler called `next('router')` inside a bucket: they leave the application router too. */
const leftRouter = new WeakSet<object>();

/**
 * A handler as a bucket holds it: `next('router')` is remembered, since the bucket's own router takes it
 * as leaving the bucket only (Express leaves the whole application router). Error handlers keep four params.
 */
function leavingRouter(handler: unknown): unknown {
  if (typeof handler !== 'function') return handler;
  const h = handler as (...args: unknown[]) => unknown;
  const wrap = (request: Request, next: NextFunction) => (error?: unknown) => {
    if (error === 'router') leftRouter.add(request);
    next(error);
  };
  return h.length >= 4
    ? (error: unknown, request: Request, response: Response, next: NextFunction) =>
        h(error, request, response, wrap(request, next))
    : (request: Request, response: Response, next: NextFunction) => h(request, response, wrap(request, next));
}

/**
 * The layer of a run of buckets: the buckets of the path's first segment and of its first two segments, in
 * the order they were created, each given the request in turn until one answers.
 */
function switchboard(caseSensitive: boolean): Switchboard {
  const byKey = new Map<string, Bucket[]>();
  const order = new Map<Bucket, number>();
  const layer = function prefixRoutes(request: Request, response: Response, next: NextFunction) {
    if (request.method === 'OPTIONS') return next();
    const path = caseSensitive ? request.path : request.path.toLowerCase();
    const first = path.indexOf('/', 1);
    const second = first < 0 ? -1 : path.indexOf('/', first + 1);
    const one = byKey.get(first < 0 ? path : path.slice(0, first));
    const two = first < 0 ? undefined : byKey.get(second < 0 ? path : path.slice(0, second));
    const buckets = !one ? two : !two ? one : [...one, ...two].sort((a, b) => order.get(a)! - order.get(b)!);
    if (!buckets) return next();
    let i = 0;
    const step = (error?: unknown) => {
      if (error) return next(error);
      if (leftRouter.delete(request)) return next('router');
      const bucket = buckets[i++];
      if (bucket) bucket.router(request, response, step);
      else next();
    };
    step();
  };
  return { layer, byKey, order };
}
