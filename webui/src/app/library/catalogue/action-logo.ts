import { Component, effect, inject, input, signal } from '@angular/core';

import { CatalogueService } from '../../core/catalogue/catalogue.service';

/** An action's logo, or its initials on a tinted square when it has none. */
@Component({
  selector: 'fl-action-logo',
  template: `@if (url()) {
      <img [src]="url()" alt="" [width]="size()" [height]="size()" />
    } @else {
      <span class="initials" aria-hidden="true">{{ initials() }}</span>
    }`,
  styles: `
    :host {
      display: inline-grid;
      place-items: center;
      flex: none;
      width: var(--s);
      height: var(--s);
      border-radius: 10px;
      overflow: hidden;
      background: var(--color-primary-soft);
    }
    img {
      width: 100%;
      height: 100%;
      object-fit: contain;
      background: #fff;
    }
    .initials {
      font-weight: 700;
      color: var(--color-primary);
      font-size: calc(var(--s) * 0.38);
    }
  `,
  host: { '[style.--s.px]': 'size()' },
})
export class ActionLogo {
  readonly name = input.required<string>();
  readonly version = input.required<string>();
  readonly hasLogo = input(false);
  readonly label = input('');
  readonly size = input(40);
  private readonly catalogue = inject(CatalogueService);
  protected readonly url = signal<string | null>(null);

  constructor() {
    effect(() => {
      const [name, version, has] = [this.name(), this.version(), this.hasLogo()];
      this.url.set(null);
      if (has) {
        void this.catalogue.logo(name, version).then((url) => this.url.set(url));
      }
    });
  }

  protected initials(): string {
    const words = (this.label() || this.name()).split(/[\s_-]+/).filter(Boolean);
    return words
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('');
  }
}
