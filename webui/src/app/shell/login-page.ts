import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';

import { describe } from '../core/api/errors';
import { Session } from '../core/auth/session';
import { Field } from '../core/ui/field';

@Component({
  selector: 'fl-login-page',
  imports: [Field, FormsModule],
  template: `
    <main class="login">
      <section class="panel" aria-labelledby="login-title">
        <div class="brand">
          <img src="favicon.svg" alt="" width="40" height="40" />
          <span>Flowloom</span>
        </div>
        <h1 id="login-title">Log in</h1>
        <p class="muted">Build, deploy and watch your workflows.</p>
        @if (session.expired()) {
          <div class="alert info" role="status">Your session ended. Log in again.</div>
        }
        @if (error()) {
          <div class="alert danger" role="alert">{{ error() }}</div>
        }
        <form (ngSubmit)="submit()">
          <div flField="Username" labelFor="username">
            <input
              id="username"
              name="username"
              class="input"
              autocomplete="username"
              required
              [(ngModel)]="username"
            />
          </div>
          <div flField="Password" labelFor="password">
            <input
              id="password"
              name="password"
              type="password"
              class="input"
              required
              autocomplete="current-password"
              [(ngModel)]="password"
            />
          </div>
          <button class="btn primary wide" type="submit" [disabled]="busy()">
            @if (busy()) {
              <span class="spinner" aria-hidden="true"></span>
            }
            Log in
          </button>
        </form>
        <p class="hint muted small">
          First start: the user is <code>admin</code>, its password is in
          <code>&lt;data dir&gt;/admin-password</code>.
        </p>
      </section>
    </main>
  `,
  styles: `
    .login {
      min-height: 100vh;
      display: grid;
      place-items: center;
      padding: 24px;
      background: radial-gradient(circle at 20% 10%, #e9e8ff 0, transparent 45%), var(--color-bg);
    }
    .panel {
      width: min(400px, 100%);
      background: var(--color-surface);
      border-radius: 14px;
      border: 1px solid var(--color-border);
      box-shadow: var(--shadow-lg);
      padding: 36px;
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 10px;
      font-weight: 700;
      font-size: 1.2rem;
      margin-bottom: 28px;
    }
    h1 {
      margin-bottom: 4px;
    }
    form {
      margin-top: 20px;
    }
    .wide {
      width: 100%;
      min-height: 42px;
    }
    .hint {
      margin: 20px 0 0;
    }
  `,
})
export class LoginPage {
  protected readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected username = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      await this.session.login(this.username.trim(), this.password);
      const back = this.route.snapshot.queryParamMap.get('return') || '/';
      await this.router.navigateByUrl(back);
    } catch (error) {
      this.error.set(describe(error));
    } finally {
      this.busy.set(false);
    }
  }
}
