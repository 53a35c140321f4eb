/**
 * The parameters of a call on one object, named by its path (and a query):
 * `this.c.GET('/api/runner/runs/{run_id}', at({ run_id: id }))`; add the `body` beside them.
 */
export function at<P>(path: P): { params: { path: P } };
export function at<P, Q>(path: P, query: Q): { params: { path: P; query: Q } };
export function at(path: unknown, query?: unknown): { params: object } {
  return { params: query === undefined ? { path } : { path, query } };
}

/** The parameters of a list call asking for its first `limit` items (and other query fields). */
export function first<Q extends object>(limit: number, query?: Q) {
  return { params: { query: { ...query, limit } } };
}
