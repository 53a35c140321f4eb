/** An RFC 9457 problem answered by a service, as an Error the UI can show. */
export interface FieldProblem {
  field?: string;
  message: string;
  file?: string;
  line?: number | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    readonly body: unknown = null,
  ) {
    super(detail || title || `HTTP ${status}`);
  }

  static async from(response: Response): Promise<ApiError> {
    let body: any = null;
    try {
      body = await response.clone().json();
    } catch {
      body = null;
    }
    return ApiError.of(response.status, body, response.statusText);
  }

  static of(status: number, body: any, fallback = ''): ApiError {
    const errors: FieldProblem[] = Array.isArray(body?.errors) ? body.errors : [];
    const detail = typeof body?.detail === 'string' ? body.detail : '';
    return new ApiError(status, body?.title ?? fallback, detail, errors, body);
  }
}

/** A sentence for a person: the problem's detail and its field errors, or the error's text. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    const head = error.detail || error.title || `Request failed (${error.status})`;
    return fields.length ? `${head} — ${fields.join('; ')}` : head;
  }
  if (error instanceof TypeError) {
    return 'The platform cannot be reached. Check that it is running.';
  }
  return error instanceof Error ? error.message : String(error);
}
