/** The session's tokens, kept in localStorage so a reload or a new tab stays logged in. */
import type { Role, TokenResponse } from '../api/models';

const KEY = 'flowloom.session';

export interface Tokens {
  access: string;
  expiresAt: number;
  refresh: string | null;
}

/** What the access token says about the caller (for display only: services verify it). */
export interface Claims {
  sub: string;
  username: string;
  is_admin: boolean;
  project_id: string | null;
  role: Role | null;
  exp: number;
}

export function fromResponse(answer: TokenResponse, previous: Tokens | null): Tokens {
  return {
    access: answer.access_token,
    expiresAt: Date.parse(answer.expires_at),
    refresh: answer.refresh_token ?? previous?.refresh ?? null,
  };
}

export function loadTokens(): Tokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export function storeTokens(tokens: Tokens | null): void {
  if (tokens) {
    localStorage.setItem(KEY, JSON.stringify(tokens));
  } else {
    localStorage.removeItem(KEY);
  }
}

export function claimsOf(token: string | undefined): Claims | null {
  const payload = token?.split('.')[1];
  if (!payload) {
    return null;
  }
  try {
    const text = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(decodeURIComponent(escape(text))) as Claims;
  } catch {
    return null;
  }
}
