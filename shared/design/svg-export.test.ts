import { describe, expect, it } from 'vitest';
import { createDesign, type Design } from './schema';
import { addNetwork, addNode, connectNode } from './topology';
import { renderDesignSvg, xmlEscape } from './svg-export';

describe('SVG export', () => {
  it('escapes XML', () => {
    expect(xmlEscape(`a<b>&"c"'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;');
  });

  it('draws every host name and NIC and balances its tags', () => {
    let design: Design = createDesign();
    for (const purpose of ['management', 'api'] as const) {
      const r = addNetwork(design, purpose);
      if (r.ok) design = r.design;
    }
    for (const role of ['controller', 'controller', 'compute'] as const) {
      const r = addNode(design, [role]);
      if (!r.ok) throw new Error(r.problem);
      design = r.design;
      for (const net of design.networks) {
        const c = connectNode(design, r.created, net.id);
        if (c.ok) design = c.design;
      }
    }
    const svg = renderDesignSvg({ ...design, name: 'Lab <&> "quoted"' });
    expect(
      svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'),
    ).toBe(true);
    for (const node of design.nodes) expect(svg).toContain(`>${node.hostname}</text>`);
    expect(svg).toContain('<title>Lab &lt;&amp;&gt; &quot;quoted&quot;</title>');
    // Every element opened is closed (a crude well-formedness check; the e2e test parses it in Chromium).
    const opened = [...svg.matchAll(/<(\w+)[^>]*[^/]>/g)].filter((m) => !m[0].startsWith('<?')).length;
    const closed = [...svg.matchAll(/<\/\w+>/g)].length;
    expect(opened).toBe(closed);
    expect(svg.match(/<path /g)).toHaveLength(design.nodes.reduce((n, node) => n + node.nics.length, 0));
  });
});
