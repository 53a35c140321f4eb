import { inject } from '@angular/core';

import { Api } from './api';

/** What a service calling the API starts from: the `Api` and its typed client `c`. */
export abstract class ApiService {
  protected readonly api = inject(Api);
  protected readonly c = this.api.client;
}
