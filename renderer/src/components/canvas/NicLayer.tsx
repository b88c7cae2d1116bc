import { memo, useMemo } from 'react';
import { EdgeLabelRenderer, useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { useStore as useZustand } from 'zustand';
import { nicLineGeometry, type FlowNode, type NicLine } from '../../canvas/flow-model';
import { draggedKey, positionsOf, type DragOverlay } from '../../canvas/drag-overlay';

interface Point {
  x: number;
  y: number;
}

/** One host's NIC lines as a single path; re-renders only when this host moves or its NICs change. */
const HostLines = memo(function HostLines({
  id,
  x,
  y,
  lines,
}: {
  id: string;
  x: number;
  y: number;
  lines: NicLine[];
}) {
  if (!lines.length) return null;
  const d = lines.map((line) => nicLineGeometry({ x, y }, line).path).join(' ');
  return <path className="nic-line" d={d} data-testid={`nic-lines-${id}`} />;
});

const transformOf = (s: ReactFlowState) => s.transform;
const widthOf = (s: ReactFlowState) => s.width;
const heightOf = (s: ReactFlowState) => s.height;
/** Labels this far outside the visible area are still drawn, so a short pan shows no gaps. */
const LABEL_MARGIN = 200;

/** The labels (interface and address) of the NICs whose label is on screen. */
function NicLabels({ hosts, lines }: { hosts: [string, Point][]; lines: Map<string, NicLine[]> }) {
  const [tx, ty, zoom] = useFlowStore(transformOf);
  const width = useFlowStore(widthOf);
  const height = useFlowStore(heightOf);
  const left = (-tx - LABEL_MARGIN) / zoom;
  const top = (-ty - LABEL_MARGIN) / zoom;
  const right = (width - tx + LABEL_MARGIN) / zoom;
  const bottom = (height - ty + LABEL_MARGIN) / zoom;
  const labels = [];
  for (const [id, position] of hosts) {
    for (const line of lines.get(id) ?? []) {
      const { labelX, labelY } = nicLineGeometry(position, line);
      if (labelX < left || labelX > right || labelY < top || labelY > bottom) continue;
      labels.push(
        <div
          key={line.id}
          className="nic-label"
          style={{ transform: `translate(-50%, -100%) translate(${labelX}px, ${labelY}px)` }}
          data-testid={`nic-label-${line.id}`}
        >
          {line.nicName} {line.address ?? 'no address'}
        </div>,
      );
    }
  }
  return <>{labels}</>;
}

/** The lines of the hosts being dragged, in a layer of their own: they follow the pointer on every move. */
function DraggedLines({ overlay, lines }: { overlay: DragOverlay; lines: Map<string, NicLine[]> }) {
  const positions = useZustand(overlay, positionsOf);
  return (
    <svg className="nic-lines nic-lines-dragged" aria-hidden="true">
      {Object.entries(positions).map(([id, p]) => (
        <HostLines key={id} id={id} x={p.x} y={p.y} lines={lines.get(id) ?? NO_LINES} />
      ))}
    </svg>
  );
}

/** Labels follow dragged hosts too; only mounted when labels are readable. */
function LiveNicLabels({
  hosts,
  lines,
  overlay,
}: {
  hosts: [string, Point][];
  lines: Map<string, NicLine[]>;
  overlay: DragOverlay;
}) {
  const positions = useZustand(overlay, positionsOf);
  const live = useMemo(
    (): [string, Point][] => hosts.map(([id, p]) => [id, positions[id] ?? p]),
    [hosts, positions],
  );
  return <NicLabels hosts={live} lines={lines} />;
}

/**
 * The NIC lines from hosts down to their networks' buses, drawn under the lanes and hosts in one SVG, and
 * their labels when they are readable (`showLabels`). The lines of hosts being dragged (`overlay`) are drawn
 * in a second SVG that alone re-renders while they move.
 */
export function NicLayer({
  nodes,
  lines,
  showLabels,
  overlay,
}: {
  nodes: FlowNode[];
  lines: Map<string, NicLine[]>;
  showLabels: boolean;
  overlay: DragOverlay;
}) {
  const dragging = useZustand(overlay, draggedKey);
  const hosts = useMemo(() => {
    const list: [string, Point][] = [];
    for (const node of nodes) if (node.type === 'host') list.push([node.id, node.position]);
    return list;
  }, [nodes]);
  const still = useMemo(() => {
    const dragged = new Set(dragging ? dragging.split('\n') : []);
    return hosts.map(([id, p]) =>
      dragged.has(id) ? null : (
        <HostLines key={id} id={id} x={p.x} y={p.y} lines={lines.get(id) ?? NO_LINES} />
      ),
    );
  }, [hosts, lines, dragging]);
  return (
    <EdgeLabelRenderer>
      <svg className="nic-lines" aria-hidden="true">
        {still}
      </svg>
      {dragging && <DraggedLines overlay={overlay} lines={lines} />}
      {showLabels && <LiveNicLabels hosts={hosts} lines={lines} overlay={overlay} />}
    </EdgeLabelRenderer>
  );
}

const NO_LINES: NicLine[] = [];
