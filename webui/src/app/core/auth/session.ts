import { computed, Injectable, signal } from '@angular/core';
import createClient from 'openapi-fetch';

import { ApiError } from '../api/errors';
import type { Me, Project, Role } from '../api/models';
import type { paths } from '../api/schema';
import { claimsOf, fromResponse, loadTokens, storeTokens, type Tokens } from './tokens';

/** Refresh this long before the access token expires, so no request meets an expired token. */
const EARLY_MS = 30_000;
const EDITORS: Role[] = ['owner', 'developer'];
const OPERATORS: Role[] = ['owner', 'developer', 'operator'];

/**
 * The logged-in user: tokens (with refresh-token rotation), the current project and role, and
 * `authFetch`, through which every API call goes.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly anonymous = createClient<paths>();
  private readonly tokens = signal<Tokens | null>(loadTokens());
  private refreshing: Promise<boolean> | null = null;

  readonly me = signal<Me | null>(null);
  readonly projects = signal<Project[]>([]);
  /** Set when the session ended by itself (refresh refused): the login page says so. */
  readonly expired = signal(false);

  readonly claims = computed(() => claimsOf(this.tokens()?.access));
  readonly loggedIn = computed(() => this.tokens() !== null);
  readonly username = computed(() => this.claims()?.username ?? '');
  readonly isAdmin = computed(() => this.claims()?.is_admin ?? false);
  readonly projectId = computed(() => this.claims()?.project_id ?? null);
  readonly role = computed(() => this.claims()?.role ?? null);
  readonly project = computed(() => this.projects().find((p) => p.id === this.projectId()) ?? null);
  readonly canEdit = computed(() => this.isAdmin() || EDITORS.includes(this.role() as Role));
  readonly canOperate = computed(() => this.isAdmin() || OPERATORS.includes(this.role() as Role));
  /** Add and remove members, change their roles. */
  readonly canManageMembers = computed(() => this.isAdmin() || this.role() === 'owner');
  readonly roleLabel = computed(() => (this.isAdmin() ? 'admin' : (this.role() ?? 'no role')));

  async login(username: string, password: string): Promise<void> {
    const { data, error, response } = await this.anonymous.POST('/api/authorization/login', {
      body: { username, password },
    });
    if (!response.ok || !data) {
      throw ApiError.of(response.status, error, response.statusText);
    }
    this.expired.set(false);
    this.save(fromResponse(data, null));
    await this.loadProfile();
  }

  async logout(): Promise<void> {
    const refresh = this.tokens()?.refresh;
    this.clear();
    if (refresh) {
      await this.anonymous
        .POST('/api/authorization/logout', { body: { refresh_token: refresh } })
        .catch(() => undefined);
    }
  }

  /** The caller's profile and the projects they may switch to. */
  async loadProfile(): Promise<void> {
    const me = await this.json<Me>('/api/authorization/me');
    this.me.set(me);
    const page = await this.json<{ items: Project[] }>('/api/authorization/projects?limit=200');
    this.projects.set(page.items);
  }

  async switchProject(projectId: string): Promise<void> {
    const response = await this.authFetch(
      new Request('/api/authorization/me/project', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ project_id: projectId, refresh_token: this.tokens()?.refresh }),
      }),
    );
    if (!response.ok) {
      throw await ApiError.from(response);
    }
    this.save(fromResponse(await response.json(), this.tokens()));
    await this.loadProfile();
  }

  /** `fetch` with the access token; refreshes it when near expiry or refused once with 401. */
  async authFetch(request: Request): Promise<Response> {
    if (!this.tokens()) {
      // Logged out (or the session expired): the platform would answer 401, so answer it
      // here without a request (logout leaves the page first, so no poll should get here).
      return new Response(null, { status: 401, statusText: 'Unauthorized' });
    }
    const spare = request.clone();
    if (this.nearExpiry()) {
      await this.refresh();
    }
    const first = await fetch(this.authorized(request));
    if (first.status !== 401 || !this.tokens()?.refresh) {
      return first;
    }
    return (await this.refresh()) ? fetch(this.authorized(spare)) : first;
  }

  /** Rotate the refresh token; concurrent callers share one rotation (a reused token would
   * end the session). False, and logged out, when the platform refuses it. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.rotate().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async rotate(): Promise<boolean> {
    const current = this.tokens();
    if (!current?.refresh) {
      return false;
    }
    const { data, response } = await this.anonymous
      .POST('/api/authorization/tokens/refresh', { body: { refresh_token: current.refresh } })
      .catch(() => ({ data: undefined, response: null }));
    if (response?.ok && data) {
      this.save(fromResponse(data, current));
      return true;
    }
    if (response && (response.status === 401 || response.status === 403)) {
      this.clear();
      this.expired.set(true);
    }
    return false;
  }

  private async json<T>(path: string): Promise<T> {
    const response = await this.authFetch(new Request(path));
    if (!response.ok) {
      throw await ApiError.from(response);
    }
    return (await response.json()) as T;
  }

  private authorized(request: Request): Request {
    const token = this.tokens()?.access;
    if (token) {
      request.headers.set('Authorization', `Bearer ${token}`);
    }
    return request;
  }

  private nearExpiry(): boolean {
    const tokens = this.tokens();
    return !!tokens?.refresh && tokens.expiresAt - Date.now() < EARLY_MS;
  }

  private save(tokens: Tokens): void {
    storeTokens(tokens);
    this.tokens.set(tokens);
  }

  private clear(): void {
    storeTokens(null);
    this.tokens.set(null);
    this.me.set(null);
    this.projects.set([]);
  }
}
