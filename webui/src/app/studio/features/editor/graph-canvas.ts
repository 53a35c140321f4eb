import {
  afterNextRender,
  Component,
  computed,
  DestroyRef,
  effect,
  type ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';

import type { GraphNode, WorkflowGraph } from '../../domain/graph';
import { satisfied } from '../../domain/graph';
import { GraphEdges } from '../../../core/graph/graph-edges';
import { layout, NODE_HEIGHT, NODE_WIDTH, type Placed } from '../../../core/graph/layout';

type PlacedNode = Placed<GraphNode>;

const MIN_ZOOM = 0.3;
const MAX_ZOOM = 2;

/**
 * The workflow on an SVG canvas laid out by dagre: drag the background to pan, the wheel or the
 * buttons to zoom, "Fit" to see everything. Nodes are focusable buttons: Enter or a click
 * selects one (the page opens its panel).
 */
@Component({
  selector: 'fl-graph-canvas',
  imports: [GraphEdges],
  templateUrl: './graph-canvas.html',
  styleUrl: './graph-canvas.scss',
})
export class GraphCanvas {
  readonly graph = input.required<WorkflowGraph>();
  readonly selected = input<string | null>(null);
  readonly canEdit = input(false);
  readonly picked = output<string>();
  readonly addStep = output<void>();
  /** A step dragged from the handle of another: `to` should run after `from`. */
  readonly connect = output<{ from: string; to: string }>();

  protected readonly width = NODE_WIDTH;
  protected readonly height = NODE_HEIGHT;
  protected readonly layout = computed(() => layout(this.graph()));
  protected readonly view = signal({ x: 0, y: 0, k: 1 });
  protected readonly transform = computed(() => {
    const { x, y, k } = this.view();
    return `translate(${x} ${y}) scale(${k})`;
  });
  protected readonly zoomText = computed(() => `${Math.round(this.view().k * 100)} %`);
  protected readonly panning = signal(false);
  private readonly svg = viewChild.required<ElementRef<SVGSVGElement>>('svg');
  /** The line drawn while dragging from a node's handle, in graph coordinates. */
  protected readonly link = signal<{
    from: string;
    x1: number;
    y1: number;
    x2: number;
    y2: number;
  } | null>(null);
  private drag: { x: number; y: number; vx: number; vy: number } | null = null;
  private fittedFor = '';

  constructor() {
    // Fit again when nodes come or go (not on every binding change: the view stays put).
    effect(() => {
      const key = this.layout()
        .nodes.map((n) => n.id)
        .join('|');
      if (key !== this.fittedFor) {
        this.fittedFor = key;
        requestAnimationFrame(() => this.fit());
      }
    });
    // A resized canvas (window, panel) fits again.
    const observer = new ResizeObserver(() => requestAnimationFrame(() => this.fit()));
    afterNextRender(() => observer.observe(this.svg().nativeElement));
    inject(DestroyRef).onDestroy(() => observer.disconnect());
  }

  fit(): void {
    const box = this.svg().nativeElement.getBoundingClientRect();
    const { width, height } = this.layout();
    if (!box.width || !width) {
      return;
    }
    const k = clamp(Math.min(box.width / width, box.height / height, 1.1));
    this.view.set({
      x: (box.width - width * k) / 2,
      y: Math.max(0, (box.height - height * k) / 2),
      k,
    });
  }

  protected zoomBy(factor: number, cx?: number, cy?: number): void {
    const box = this.svg().nativeElement.getBoundingClientRect();
    const px = cx ?? box.width / 2;
    const py = cy ?? box.height / 2;
    this.view.update(({ x, y, k }) => {
      const next = clamp(k * factor);
      return { x: px - ((px - x) * next) / k, y: py - ((py - y) * next) / k, k: next };
    });
  }

  protected wheel(event: WheelEvent): void {
    event.preventDefault();
    const box = this.svg().nativeElement.getBoundingClientRect();
    this.zoomBy(
      Math.exp(-event.deltaY * 0.0015),
      event.clientX - box.left,
      event.clientY - box.top,
    );
  }

  protected down(event: PointerEvent): void {
    if ((event.target as Element).closest('.node') || event.button !== 0) {
      return;
    }
    const { x, y } = this.view();
    this.drag = { x: event.clientX, y: event.clientY, vx: x, vy: y };
    this.panning.set(true);
    this.svg().nativeElement.setPointerCapture(event.pointerId);
  }

  protected startLink(node: PlacedNode, event: PointerEvent): void {
    event.stopPropagation();
    event.preventDefault();
    const x = node.x + NODE_WIDTH / 2;
    const y = node.y + NODE_HEIGHT;
    this.link.set({ from: node.id, x1: x, y1: y, x2: x, y2: y });
    this.svg().nativeElement.setPointerCapture(event.pointerId);
  }

  protected move(event: PointerEvent): void {
    const link = this.link();
    if (link) {
      const box = this.svg().nativeElement.getBoundingClientRect();
      const { x, y, k } = this.view();
      const x2 = (event.clientX - box.left - x) / k;
      const y2 = (event.clientY - box.top - y) / k;
      this.link.set({ ...link, x2, y2 });
    } else if (this.drag) {
      const { x, y, vx, vy } = this.drag;
      this.view.update((v) => ({ ...v, x: vx + event.clientX - x, y: vy + event.clientY - y }));
    }
  }

  protected up(event?: PointerEvent): void {
    const link = this.link();
    if (link && event) {
      const { x2, y2 } = link;
      const target = this.layout().nodes.find(
        (n) => x2 >= n.x && x2 <= n.x + NODE_WIDTH && y2 >= n.y && y2 <= n.y + NODE_HEIGHT,
      );
      if (target && target.kind === 'step' && target.id !== link.from) {
        this.connect.emit({ from: link.from, to: target.id });
      }
    }
    this.link.set(null);
    this.drag = null;
    this.panning.set(false);
  }

  /** Arrow keys pan the focused canvas; + and - zoom. */
  protected key(event: KeyboardEvent): void {
    const steps: Record<string, [number, number]> = {
      ArrowLeft: [40, 0],
      ArrowRight: [-40, 0],
      ArrowUp: [0, 40],
      ArrowDown: [0, -40],
    };
    if (event.target !== this.svg().nativeElement) {
      return;
    }
    if (steps[event.key]) {
      event.preventDefault();
      const [dx, dy] = steps[event.key];
      this.view.update((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
    } else if (event.key === '+' || event.key === '-') {
      this.zoomBy(event.key === '+' ? 1.2 : 1 / 1.2);
    }
  }

  protected pick(node: PlacedNode, event?: Event): void {
    event?.preventDefault();
    this.picked.emit(node.id);
  }

  protected unbound(node: GraphNode): number {
    return node.inputs.filter((i) => !satisfied(node, i)).length;
  }

  protected label(node: PlacedNode): string {
    const kind = node.kind === 'trigger' ? 'Trigger' : `Step ${node.id}`;
    const problems = node.problems.length;
    return `${kind}, ${node.subtitle}, ${problems ? problems + ' problem' + (problems > 1 ? 's' : '') : 'no problem'}`;
  }
}

function clamp(k: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
}
