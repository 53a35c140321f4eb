import { Injectable } from '@angular/core';

import { ApiService } from '../api/api-service';
import { at, first } from '../api/params';
import type { Secret, Variable } from '../api/models';

export const VARIABLE_TYPES = [
  'string',
  'longstring',
  'password',
  'integer',
  'float',
  'boolean',
  'enum',
];

/** Project variables (typed values) and secrets (write-only) that workflows bind inputs to. */
@Injectable({ providedIn: 'root' })
export class VariablesService extends ApiService {
  variables(): Promise<Variable[]> {
    return this.api.items(this.c.GET('/api/studio/variables', first(500)));
  }

  setVariable(
    name: string,
    type: string,
    value: boolean | number | string | null,
  ): Promise<Variable> {
    return this.api.data(
      this.c.PUT('/api/studio/variables/{name}', { ...at({ name }), body: { type, value } }),
    );
  }

  async deleteVariable(name: string): Promise<void> {
    await this.api.data(this.c.DELETE('/api/studio/variables/{name}', at({ name })));
  }

  secrets(): Promise<Secret[]> {
    return this.api.items(this.c.GET('/api/studio/secrets', first(500)));
  }

  setSecret(name: string, value: string): Promise<Secret> {
    return this.api.data(
      this.c.PUT('/api/studio/secrets/{name}', { ...at({ name }), body: { value } }),
    );
  }

  async deleteSecret(name: string): Promise<void> {
    await this.api.data(this.c.DELETE('/api/studio/secrets/{name}', at({ name })));
  }
}
