import { describe, expect, it } from 'vitest';

import { dataOf } from './answer';
import { ApiError } from './errors';

describe('dataOf', () => {
  it('gives the data of an OK answer', () => {
    const page = { items: [1, 2], next_cursor: null };
    expect(dataOf({ data: page, response: new Response(null, { status: 200 }) })).toBe(page);
  });

  it('throws the problem of an answer that is not OK as an ApiError', () => {
    const problem = { title: 'Not found', status: 404, detail: 'No such workflow' };
    const answer = {
      error: problem,
      response: new Response(null, { status: 404, statusText: 'Not Found' }),
    };
    expect(() => dataOf(answer)).toThrow(ApiError);
    try {
      dataOf(answer);
    } catch (error) {
      expect((error as ApiError).status).toBe(404);
    }
  });
});
