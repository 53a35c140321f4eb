import { inject, Injectable } from '@angular/core';
import createClient from 'openapi-fetch';

import { Session } from '../auth/session';
import { ApiError } from './errors';
import type { paths } from './schema';

/** What every openapi-fetch call answers. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The typed client of every service's HTTP API (types generated from sdk/openapi.json). */
@Injectable({ providedIn: 'root' })
export class Api {
  private readonly session = inject(Session);
  readonly client = createClient<paths>({ fetch: (request) => this.session.authFetch(request) });

  /** A call's data, or its problem thrown as an ApiError. */
  async data<T>(call: Promise<Answer<T>>): Promise<T> {
    const { data, error, response } = await call;
    if (!response.ok) {
      throw ApiError.of(response.status, error, response.statusText);
    }
    return data as T;
  }

  /** A raw authenticated request, for what the typed client does not cover (streams, blobs,
   * multipart bodies and request bodies that are not JSON). */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.session.authFetch(new Request(path, init));
    if (!response.ok) {
      throw await ApiError.from(response);
    }
    return response;
  }
}
