import { Component, inject, output } from '@angular/core';
import { FormsModule } from '@angular/forms';

import type { Source } from '../../core/api/models';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field } from '../../core/ui/field';
import { DialogFrame } from '../../core/ui/dialog-parts';
import { FormDialog } from '../../core/ui/form-dialog';
import { LibraryService } from '../domain/library.service';

/** Name, URL, branch and optional credentials of a new git source (the password is masked). */
@Component({
  selector: 'fl-add-repository-dialog',
  imports: [DialogFrame, Field, FormsModule, ErrorAlert],
  template: `
    <dialog
      #dialog
      flDialog="Add a repository"
      titleId="add-repo-title"
      submit="Add repository"
      [disabled]="busy() || !name.trim() || !url.trim()"
      noValidate
      (submitted)="submit()"
    >
      <p ngProjectAs="[dialog-intro]" class="muted small">
        A git repository holding actions (one folder per action with its
        <code>ryax_metadata.yaml</code>).
      </p>
      <fl-error [error]="error()" />
      <div flField="Name" labelFor="repo-name">
        <input id="repo-name" name="name" class="input" required [(ngModel)]="name" />
      </div>
      <div flField="URL" labelFor="repo-url">
        <input
          id="repo-url"
          name="url"
          class="input"
          required
          [(ngModel)]="url"
          placeholder="https://git.example.com/team/actions.git"
          aria-describedby="repo-url-hint"
        />
        <span id="repo-url-hint" class="hint"
          >https://, ssh:// or file:// (a repository on this host)</span
        >
      </div>
      <div flField="Branch" labelFor="repo-branch">
        <input
          id="repo-branch"
          name="branch"
          class="input"
          [(ngModel)]="branch"
          placeholder="the repository's default branch"
        />
      </div>
      <div class="form-row">
        <div class="field">
          <label for="repo-username">Username <span class="muted">(optional)</span></label>
          <input
            id="repo-username"
            name="username"
            class="input"
            autocomplete="off"
            [(ngModel)]="username"
          />
        </div>
        <div class="field">
          <label for="repo-password">Password or token <span class="muted">(optional)</span></label>
          <input
            id="repo-password"
            name="password"
            type="password"
            class="input"
            autocomplete="new-password"
            [(ngModel)]="password"
          />
        </div>
      </div>
    </dialog>
  `,
})
export class AddRepositoryDialog extends FormDialog {
  private readonly library = inject(LibraryService);
  readonly added = output<Source>();
  protected name = '';
  protected url = '';
  protected branch = '';
  protected username = '';
  protected password = '';

  open(): void {
    this.name = this.url = this.branch = this.username = this.password = '';
    this.show();
  }

  protected async submit(): Promise<void> {
    await this.submitting(async () => {
      const credentials =
        this.username || this.password
          ? { username: this.username || null, password: this.password || null }
          : null;
      const source = await this.library.addSource({
        name: this.name.trim(),
        url: this.url.trim(),
        branch: this.branch.trim() || null,
        credentials,
      });
      this.close();
      this.added.emit(source);
    });
  }
}
