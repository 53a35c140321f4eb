import { inject, Injectable } from '@angular/core';
import createClient from 'openapi-fetch';

import { Session } from '../auth/session';
import { type Answer, dataOf } from './answer';
import { ApiError } from './errors';
import type { paths } from './schema';

/** The typed client of every service's HTTP API (types generated from sdk/openapi.json). */
@Injectable({ providedIn: 'root' })
export class Api {
  private readonly session = inject(Session);
  readonly client = createClient<paths>({ fetch: (request) => this.session.authFetch(request) });

  /** A call's data, or its problem thrown as an ApiError. */
  async data<T>(call: Promise<Answer<T>>): Promise<T> {
    return dataOf(await call);
  }

  /** The items of a call that answers a page (or a list) of them; its problem thrown. */
  async items<T>(call: Promise<Answer<{ items: T[] }>>): Promise<T[]> {
    return dataOf(await call).items;
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
