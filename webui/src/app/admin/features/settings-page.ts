import { Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { Session } from '../../core/auth/session';

@Component({
  selector: 'fl-settings-page',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Settings</h1>
          <p class="subtitle">
            Projects, your API keys, and the members, variables and secrets of
            {{ session.project()?.name ?? 'the current project' }}.
          </p>
        </div>
      </div>
      <nav class="tabs" aria-label="Settings">
        <a routerLink="projects" routerLinkActive="active" ariaCurrentWhenActive="page">Projects</a>
        @if (session.projectId()) {
          <a routerLink="members" routerLinkActive="active" ariaCurrentWhenActive="page">Members</a>
          <a routerLink="variables" routerLinkActive="active" ariaCurrentWhenActive="page"
            >Variables</a
          >
          <a routerLink="secrets" routerLinkActive="active" ariaCurrentWhenActive="page">Secrets</a>
        }
        <a routerLink="api-keys" routerLinkActive="active" ariaCurrentWhenActive="page">API keys</a>
        @if (session.isAdmin()) {
          <a routerLink="users" routerLinkActive="active" ariaCurrentWhenActive="page">Users</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
})
export class SettingsPage {
  protected readonly session = inject(Session);
}
