// The Deploy tab's SSH notice rendered with React's server renderer, for what the backend reports.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SshNotice } from './SshNotice';

describe('SshNotice', () => {
  it("shows the backend's notice about its SSH crypto", () => {
    const notice =
      "SSH uses ssh2's pure-JS crypto: its native add-on did not load under Node 20.20.2 (ABI 115).";
    const html = renderToStaticMarkup(<SshNotice notice={notice} />);
    expect(html).toContain('role="status"');
    expect(html).toContain('pure-JS crypto');
    expect(html).toContain('Node 20.20.2');
  });

  it('shows nothing when the backend has nothing to say', () => {
    expect(renderToStaticMarkup(<SshNotice notice={null} />)).toBe('');
  });
});
