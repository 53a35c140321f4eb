import { Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

import { ToastHost } from './core/ui/toasts';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, ToastHost],
  template: `<router-outlet /><fl-toasts />`,
})
export class App {}
