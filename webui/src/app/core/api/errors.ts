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

/** A field error's form field, without where it was read from (`body.username` → `username`). */
export function fieldName(path: string): string {
  return path.replace(/^(body|query|path)\./, '');
}

/** The message of the problem's error about one form field, if any. */
export function fieldMessage(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError)) {
    return null;
  }
  return error.errors.find((e) => e.field && fieldName(e.field) === field)?.message ?? null;
}

/**
 * A sentence for a person: the problem's detail and its field errors, or the error's text.
 * Errors about the `beside` fields are left out (the form shows them under their fields).
 */
export function describe(error: unknown, beside: string[] = []): string {
  if (error instanceof ApiError) {
    const shown = error.errors.filter((e) => e.field && beside.includes(fieldName(e.field)));
    const rest = error.errors.filter((e) => !shown.includes(e));
    const fields = rest.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    // The detail repeats the field errors: with some shown beside their fields, say so instead.
    if (shown.length) {
      return ['Check the fields marked below.', ...fields].join(' ');
    }
    const head = error.detail || error.title || `Request failed (${error.status})`;
    return fields.length ? `${head} — ${fields.join('; ')}` : head;
  }
  if (error instanceof TypeError) {
    return 'The platform cannot be reached. Check that it is running.';
  }
  return error instanceof Error ? error.message : String(error);
}
