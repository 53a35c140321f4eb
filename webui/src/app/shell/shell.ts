import { Component, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { describe } from '../core/api/errors';
import { Session } from '../core/auth/session';
import { Toasts } from '../core/ui/toasts';

interface NavItem {
  label: string;
  link: string;
  icon: string;
}

const NAV: { title: string; items: NavItem[] }[] = [
  {
    title: 'Library',
    items: [
      { label: 'Repositories', link: '/library/repositories', icon: '⎇' },
      { label: 'Catalogue', link: '/library/catalogue', icon: '▦' },
    ],
  },
  { title: 'Studio', items: [{ label: 'Workflows', link: '/studio/workflows', icon: '⟶' }] },
  { title: 'Operations', items: [{ label: 'Runs', link: '/runs', icon: '▶' }] },
  { title: 'Project', items: [{ label: 'Settings', link: '/settings', icon: '⚙' }] },
];

/** The frame of every page once logged in: top bar, project switcher, left navigation. */
@Component({
  selector: 'fl-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  protected readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);
  protected readonly nav = NAV;
  protected readonly switching = signal(false);

  protected async switchProject(projectId: string): Promise<void> {
    if (!projectId || projectId === this.session.projectId()) {
      return;
    }
    this.switching.set(true);
    try {
      await this.session.switchProject(projectId);
      this.toasts.show(`Switched to ${this.session.project()?.name ?? 'the project'}`);
      await this.router.navigateByUrl('/library');
    } catch (error) {
      this.toasts.show(describe(error), 'danger');
    } finally {
      this.switching.set(false);
    }
  }

  /** Leave the page first (its polls stop with it), then end the session. */
  protected async logout(): Promise<void> {
    this.toasts.clear();
    await this.router.navigateByUrl('/login');
    await this.session.logout();
  }
}
