import { describe, expect, it } from 'vitest';

import { ApiError, describe as describeError, fieldMessage, fieldName } from './errors';

/** A 422 as the services answer it (`servicekit.web.problems`). */
const INVALID = {
  type: 'about:blank',
  title: 'Unprocessable Content',
  status: 422,
  detail: 'The request is not valid: body.username: too short',
  errors: [
    { field: 'body.username', message: 'too short' },
    { field: 'body.steps.0.inputs.text', message: 'unknown input' },
    { message: 'the workflow has a cycle' },
  ],
};

function problem(status: number, body: unknown, contentType = 'application/problem+json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, {
    status,
    statusText: status === 502 ? 'Bad Gateway' : '',
    headers: { 'content-type': contentType },
  });
}

describe('ApiError.of', () => {
  it('reads a problem: status, title, detail and field errors', () => {
    const error = ApiError.of(422, INVALID);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(422);
    expect(error.title).toBe('Unprocessable Content');
    expect(error.message).toBe(INVALID.detail);
    expect(error.errors).toEqual(INVALID.errors);
    expect(error.body).toBe(INVALID);
  });

  it('falls back to the status text, then the status, when the body is no problem', () => {
    const gateway = ApiError.of(502, null, 'Bad Gateway');
    expect([gateway.title, gateway.detail, gateway.errors]).toEqual(['Bad Gateway', '', []]);
    expect(gateway.message).toBe('Bad Gateway');
    expect(ApiError.of(500, '<html>oops</html>').message).toBe('HTTP 500');
  });

  it('ignores errors that are not a list and a detail that is not text', () => {
    const error = ApiError.of(400, { title: 'Bad Request', detail: { x: 1 }, errors: 'nope' });
    expect(error.errors).toEqual([]);
    expect(error.detail).toBe('');
    expect(error.message).toBe('Bad Request');
  });
});

describe('ApiError.from', () => {
  it('reads the problem+json body of a response', async () => {
    const error = await ApiError.from(problem(422, INVALID));
    expect(error.status).toBe(422);
    expect(error.errors).toHaveLength(3);
    expect(error.message).toBe(INVALID.detail);
  });

  it('answers the status text for a body that is not JSON, and leaves the body readable', async () => {
    const response = problem(502, '<html>bad gateway</html>', 'text/html');
    const error = await ApiError.from(response);
    expect(error.status).toBe(502);
    expect(error.title).toBe('Bad Gateway');
    expect(error.body).toBeNull();
    expect(await response.text()).toBe('<html>bad gateway</html>');
  });
});

describe('fieldName', () => {
  it('drops where the field was read from', () => {
    expect(fieldName('body.username')).toBe('username');
    expect(fieldName('query.limit')).toBe('limit');
    expect(fieldName('path.workflow_id')).toBe('workflow_id');
  });

  it('keeps nested paths and names that only start like a location', () => {
    expect(fieldName('body.steps.0.inputs.text')).toBe('steps.0.inputs.text');
    expect(fieldName('username')).toBe('username');
    expect(fieldName('bodyweight')).toBe('bodyweight');
    expect(fieldName('header.body.x')).toBe('header.body.x');
  });
});

describe('fieldMessage', () => {
  const error = ApiError.of(422, INVALID);

  it("finds the message of a field's error, with or without its location", () => {
    expect(fieldMessage(error, 'username')).toBe('too short');
    expect(
      fieldMessage(ApiError.of(422, { errors: [{ field: 'name', message: 'taken' }] }), 'name'),
    ).toBe('taken');
  });

  it('matches a nested field path whole', () => {
    expect(fieldMessage(error, 'steps.0.inputs.text')).toBe('unknown input');
    expect(fieldMessage(error, 'steps')).toBeNull();
  });

  it('answers null for another field, an error without problem, or no error', () => {
    expect(fieldMessage(error, 'password')).toBeNull();
    expect(fieldMessage(new TypeError('Failed to fetch'), 'username')).toBeNull();
    expect(fieldMessage(null, 'username')).toBeNull();
  });
});

describe('describe', () => {
  it("says the problem's detail and lists its errors", () => {
    expect(describeError(ApiError.of(422, INVALID))).toBe(
      `${INVALID.detail} — body.username: too short; ` +
        'body.steps.0.inputs.text: unknown input; the workflow has a cycle',
    );
  });

  it('points to the fields shown beside the form and lists only the other errors', () => {
    expect(describeError(ApiError.of(422, INVALID), ['username'])).toBe(
      'Check the fields marked below. body.steps.0.inputs.text: unknown input ' +
        'the workflow has a cycle',
    );
  });

  it('keeps the detail when none of the errors is about a field beside the form', () => {
    const conflict = ApiError.of(409, { title: 'Conflict', detail: 'name taken', errors: [] });
    expect(describeError(conflict, ['username'])).toBe('name taken');
  });

  it('says the title, or the status, of a problem without detail', () => {
    expect(describeError(ApiError.of(404, { title: 'Not Found' }))).toBe('Not Found');
    expect(describeError(new ApiError(500, '', ''))).toBe('Request failed (500)');
  });

  it('says the platform cannot be reached on a network error', () => {
    // fetch rejects with a TypeError when the connection fails.
    expect(describeError(new TypeError('Failed to fetch'))).toBe(
      'The platform cannot be reached. Check that it is running.',
    );
  });

  it("says any other error's message, or what was thrown", () => {
    expect(describeError(new Error('The stream broke'))).toBe('The stream broke');
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(undefined)).toBe('undefined');
  });
});
