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
            Projects, and the variables and secrets of
            {{ session.project()?.name ?? 'the current project' }}.
          </p>
        </div>
      </div>
      <nav class="tabs" aria-label="Settings">
        <a routerLink="projects" routerLinkActive="active" ariaCurrentWhenActive="page">Projects</a>
        @if (session.projectId()) {
          <a routerLink="variables" routerLinkActive="active" ariaCurrentWhenActive="page"
            >Variables</a
          >
          <a routerLink="secrets" routerLinkActive="active" ariaCurrentWhenActive="page">Secrets</a>
        }
      </nav>
      <router-outlet />
    </div>
  `,
})
export class SettingsPage {
  protected readonly session = inject(Session);
}
