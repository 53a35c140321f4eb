import { Component, computed, input } from '@angular/core';

const TONES: Record<string, string> = {
  Built: 'success',
  Succeeded: 'success',
  Done: 'success',
  Completed: 'success',
  Success: 'success',
  Deployed: 'success',
  Running: 'info busy',
  Building: 'info busy',
  'Build Pending': 'info busy',
  Pending: 'info busy',
  Deploying: 'info busy',
  Undeploying: 'info busy',
  Waiting: 'info busy',
  Scanned: 'info',
  Error: 'danger',
  Failed: 'danger',
  'Scan Error': 'danger',
  'Build Error': 'danger',
  Cancelled: 'warning',
  Canceled: 'warning',
};

/** A state as a coloured pill; the text always says the state (colour is never the only cue). */
@Component({
  selector: 'fl-state',
  template: `<span class="badge {{ tone() }}" data-testid="state">{{ state() || '—' }}</span>`,
})
export class StateBadge {
  readonly state = input<string | null | undefined>('');
  protected readonly tone = computed(() => TONES[this.state() ?? ''] ?? '');
}

/** Whether a state is still moving (worth polling). */
export function isBusy(state: string | null | undefined): boolean {
  return (TONES[state ?? ''] ?? '').includes('busy');
}
