import { Component, input } from '@angular/core';

import type { PlacedEdge } from './layout';

/** What an edge's label says: its outputs, the first two and "…" when there are more. */
export function edgeLabel(outputs: readonly string[]): string {
  return outputs.length > 2 ? `${outputs.slice(0, 2).join(', ')}…` : outputs.join(', ');
}

/**
 * The edges of a laid-out workflow graph, drawn inside the graph's SVG (the editor's canvas and
 * the run page's DAG): `<g flGraphEdges markerId="arrow" [edges]="layout().edges" />`. Each
 * edge is a `g.edge.<kind>` with `data-edge="from>to"`, a path ending in an arrow (the marker
 * of id `markerId`, which must be unique in the page) and its outputs as a label.
 */
@Component({
  selector: 'g[flGraphEdges]',
  styleUrl: './graph-edges.scss',
  template: `
    <svg:defs>
      <svg:marker
        [attr.id]="markerId()"
        viewBox="0 0 10 10"
        refX="8"
        refY="5"
        markerWidth="7"
        markerHeight="7"
        orient="auto-start-reverse"
      >
        <svg:path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
      </svg:marker>
    </svg:defs>
    @for (e of edges(); track e.from + '>' + e.to) {
      <svg:g class="edge {{ e.kind }}" [attr.data-edge]="e.from + '>' + e.to">
        <svg:path [attr.d]="e.path" [attr.marker-end]="'url(#' + markerId() + ')'" />
        @if (e.outputs.length) {
          <svg:text [attr.x]="e.labelX" [attr.y]="e.labelY" text-anchor="middle" class="edge-label">
            {{ label(e.outputs) }}
          </svg:text>
        }
      </svg:g>
    }
  `,
})
export class GraphEdges {
  readonly edges = input.required<readonly PlacedEdge[]>();
  readonly markerId = input.required<string>();
  protected readonly label = edgeLabel;
}
