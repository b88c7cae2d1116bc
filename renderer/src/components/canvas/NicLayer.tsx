import { memo } from 'react';
import { EdgeLabelRenderer, useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { nicLineGeometry, type FlowNode, type NicLine } from '../../canvas/flow-model';

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

/**
 * The NIC lines from hosts down to their networks' buses, drawn under the lanes and hosts in one SVG, and
 * their labels when they are readable (`showLabels`). Positions come from the flow nodes, so a dragged host's
 * lines follow it.
 */
export function NicLayer({
  nodes,
  lines,
  showLabels,
  dragged,
}: {
  nodes: FlowNode[];
  lines: Map<string, NicLine[]>;
  showLabels: boolean;
  /** Hosts being dragged: their lines are drawn in a layer of their own (see `.nic-lines-dragged`). */
  dragged: ReadonlySet<string>;
}) {
  const hosts: [string, Point][] = [];
  for (const node of nodes) if (node.type === 'host') hosts.push([node.id, node.position]);
  const draw = (moving: boolean) =>
    hosts.map(([id, p]) =>
      dragged.has(id) === moving ? (
        <HostLines key={id} id={id} x={p.x} y={p.y} lines={lines.get(id) ?? NO_LINES} />
      ) : null,
    );
  return (
    <EdgeLabelRenderer>
      <svg className="nic-lines" aria-hidden="true">
        {draw(false)}
      </svg>
      {dragged.size > 0 && (
        <svg className="nic-lines nic-lines-dragged" aria-hidden="true">
          {draw(true)}
        </svg>
      )}
      {showLabels && <NicLabels hosts={hosts} lines={lines} />}
    </EdgeLabelRenderer>
  );
}

const NO_LINES: NicLine[] = [];
