import { ApiError } from './errors';

/** What every openapi-fetch call answers. */
export interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** An answer's data, or its problem thrown as an ApiError when the response is not OK. */
export function dataOf<T>({ data, error, response }: Answer<T>): T {
  if (!response.ok) {
    throw ApiError.of(response.status, error, response.statusText);
  }
  return data as T;
}
